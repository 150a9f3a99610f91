import ArgumentParser
import Districts
import TwinReachKit

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a seeded synthetic Chinese-style district (street grid, 8-12 街道, halls by tier, kiosks).")

    @Option(help: "Output district folder: new, empty, or one generate wrote (marked .twinreach-generate).") var out: String
    @Option(help: "Start from a preset: \(SyntheticOptions.presetNames.joined(separator: ", ")) (the options below override it).") var preset: String?
    @Option(help: "Random seed: the same seed gives the same district.") var seed: UInt64 = 1
    @Option(help: "District name (default: 合成区 Synthetic District, or the preset's).") var name: String?
    @Option(help: "Grid cells along x (east) (default 40).") var cellsX: Int?
    @Option(help: "Grid cells along y (north) (default 40).") var cellsY: Int?
    @Option(help: "Cell side in metres (default 200).") var cellMeters: Double?
    @Option(help: "Street spacing of the road grid in metres (default 200).") var roadSpacingMeters: Double?
    @Option(help: "Centre longitude (default 113.93).") var lon: Double?
    @Option(help: "Centre latitude (default 22.53).") var lat: Double?
    @Option(help: "Number of kiosks (default: one per 1.5 km²).") var kiosks: Int?
    @Flag(help: "Write coordinates in GCJ-02 (crs: GCJ-02), as Chinese web maps give them.") var gcj02 = false

    func validate() throws {
        if let preset, SyntheticOptions.preset(preset) == nil {
            throw ValidationError("unknown --preset '\(preset)' (\(SyntheticOptions.presetNames.joined(separator: ", ")))")
        }
        let o = options
        let (cellsX, cellsY, cellMeters, roadSpacingMeters) = (o.cellsX, o.cellsY, o.cellMeters, o.roadSpacingMeters)
        let (lon, lat) = (o.center.x, o.center.y)
        guard cellsX > 0, cellsY > 0, cellMeters > 0, roadSpacingMeters > 0 else {
            throw ValidationError("cells, cell size and road spacing must be positive")
        }
        // Bounds that keep the grid, its road graph and every whole-number step finite.
        guard cellsX <= 5_000, cellsY <= 5_000 else { throw ValidationError("--cells-x and --cells-y must be at most 5000") }
        guard cellMeters >= 1, cellMeters <= 100_000, roadSpacingMeters >= 10, roadSpacingMeters <= 100_000 else {
            throw ValidationError("--cell-meters must be 1...100000 and --road-spacing-meters 10...100000")
        }
        guard (-180...180).contains(lon), (-80...80).contains(lat) else {
            throw ValidationError("--lon must be -180...180 and --lat -80...80")
        }
        if let kiosks, !(0...100_000).contains(kiosks) { throw ValidationError("--kiosks must be 0...100000") }
    }

    /// The preset's options (or the defaults), with every option given on the command line.
    var options: SyntheticOptions {
        var o = preset.flatMap(SyntheticOptions.preset) ?? SyntheticOptions()
        o.seed = seed
        if let name { o.name = name }
        if let cellsX { o.cellsX = cellsX }
        if let cellsY { o.cellsY = cellsY }
        if let cellMeters { o.cellMeters = cellMeters }
        if let roadSpacingMeters { o.roadSpacingMeters = roadSpacingMeters }
        o.center = .init(lon ?? o.center.x, lat ?? o.center.y)
        if let kiosks { o.kioskCount = kiosks }
        return o
    }

    func run() throws {
        print(try GenerateCommand.run(options: options, out: out, gcj02: gcj02))
    }
}
