import Foundation
import Formats
import Model
import OSMDistricts
import OSMReader

/// `twinreach grid`: a population grid from building footprints and published subdistrict totals.
public enum GridCommand {
    public struct Options: Sendable {
        /// OSM file (`.osm` or `.osm.pbf`) with the buildings.
        public var osm: String
        /// Subdistricts GeoJSON (WGS 84): `id`, `name`, and `pop` unless `totals` gives it;
        /// optional `elderly` and `digital` shares.
        public var subdistricts: String
        /// Optional CSV of totals: `pop` and `id` and/or `name` (joined on id first, then on
        /// name, case-insensitively); optional `elderly`, `digital`.
        public var totals: String?
        public var cellMeters: Double = 100
        public var output: String
        /// District defaults for cells of subdistricts without their own shares.
        public var settings = DistrictSettings(name: "grid")
        /// Residential rules file (`Profiles/residential.yaml` documents the keys); nil: the shipped one.
        public var residentialRules: String?

        public init(osm: String, subdistricts: String, totals: String? = nil, cellMeters: Double = 100, output: String) {
            self.osm = osm; self.subdistricts = subdistricts; self.totals = totals
            self.cellMeters = cellMeters; self.output = output
        }
    }

    /// Builds the grid and writes it (atomically) to `options.output`, marked as grid's own
    /// (`"twinreach": "grid"`); it replaces only a file grid wrote (see `OutputFile`).
    public static func run(_ options: Options) throws -> (cells: [Cell], report: GridReport) {
        var inputs: [OutputFolder.Input] = [("the OpenStreetMap file", options.osm), ("the subdistricts file", options.subdistricts)]
        if let totals = options.totals { inputs.append(("the totals file", totals)) }
        try OutputFile.grid.checkReplaceable(options.output, inputs: inputs)
        let rules = try ResidentialRules.load(path: options.residentialRules)
        let subdistricts = try SubdistrictTotals.readSubdistricts(options.subdistricts, totals: options.totals)
        let data = try OSMFile.read(URL(fileURLWithPath: options.osm),
                                    filter: OSMFilter(nodeKeys: [], wayKeys: ["building"], relationKeys: ["building"]))
        let result = try PopulationGrid.build(subdistricts: subdistricts, buildings: data.buildings().buildings,
                                              cellMeters: options.cellMeters, settings: options.settings, rules: rules)
        try OutputFile.grid.checkReplaceable(options.output, inputs: inputs)
        try PopulationGrid.writePopulation(result.cells, to: options.output, member: ("twinreach", "grid"))
        return result
    }

    /// Lines for the terminal (`GridReport.lines`).
    public static func describe(_ r: GridReport) -> [String] { r.lines }
}
