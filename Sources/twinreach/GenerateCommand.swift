import ArgumentParser
import Districts
import TwinReachKit

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a seeded synthetic Chinese-style district (street grid, 8-12 街道, halls by tier, kiosks).")

    @Option(help: "Output district folder: new, empty, or one generate wrote (marked .twinreach-generate).") var out: String
    @Option(help: "Random seed: the same seed gives the same district.") var seed: UInt64 = 1
    @Option(help: "District name.") var name: String = "合成区 Synthetic District"
    @Option(help: "Grid cells along x (east).") var cellsX: Int = 40
    @Option(help: "Grid cells along y (north).") var cellsY: Int = 40
    @Option(help: "Cell side in metres.") var cellMeters: Double = 200
    @Option(help: "Street spacing of the road grid in metres.") var roadSpacingMeters: Double = 200
    @Option(help: "Centre longitude.") var lon: Double = 113.93
    @Option(help: "Centre latitude.") var lat: Double = 22.53
    @Option(help: "Number of kiosks (default: one per 1.5 km²).") var kiosks: Int?
    @Flag(help: "Write coordinates in GCJ-02 (crs: GCJ-02), as Chinese web maps give them.") var gcj02 = false

    func validate() throws {
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

    func run() throws {
        var options = SyntheticOptions()
        options.seed = seed
        options.name = name
        options.cellsX = cellsX
        options.cellsY = cellsY
        options.cellMeters = cellMeters
        options.roadSpacingMeters = roadSpacingMeters
        options.center = .init(lon, lat)
        options.kioskCount = kiosks
        print(try GenerateCommand.run(options: options, out: out, gcj02: gcj02))
    }
}
