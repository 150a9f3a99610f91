import ArgumentParser
import Foundation
import Model
import TwinReachKit

struct Grid: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a population grid from building footprints and published subdistrict totals.",
        discussion: """
        Each subdistrict's published total is shared over its residential floor area (footprint \
        area × residential floors) and summed into square cells of a grid in the UTM zone of the \
        district's centre. A building belongs to the subdistrict and cell holding its centroid; \
        cells crossing a subdistrict border are clipped into one piece per subdistrict, so the \
        cells of each subdistrict add up to its total. Only cells with residents are written.

        Residential floors: footprints under 20 m² weigh 0; non-residential building types \
        (commercial, industrial, retail, office, warehouse, hotel, church, chapel, school, \
        hospital, public, civic, garage(s), carport, shed, hut, roof, barn, greenhouse, ...) weigh \
        0; a building of type `yes` (or an unlisted type) with a use tag of its own (amenity, \
        shop, office, tourism, craft, leisure, ...) weighs 0; otherwise `building:levels` when \
        tagged, else height / 3 m, else by type: apartments 4, residential/dormitory 3, \
        house/detached/semidetached_house/terrace/farm 2, bungalow/cabin/static_caravan/houseboat 1, \
        yes and others 2. A subdistrict without residential floor area spreads its total over \
        its cells by area (reported).

        Elderly and digital shares per cell: the subdistrict's `elderly` / `digital` (from the \
        GeoJSON or the totals CSV) when given, else --elderly-share and the digital share \
        (1 - elderly) × --digital-adults + elderly × --digital-elderly.
        """)

    @Option(help: "OpenStreetMap file (.osm or .osm.pbf) with the buildings.") var osm: String
    @Option(help: "Subdistricts GeoJSON (WGS 84) with id, name and pop (unless --totals gives it).") var subdistricts: String
    @Option(help: "CSV of published totals: pop and id and/or name (joined on id, then name); optional elderly, digital.") var totals: String?
    @Option(help: "Cell side in metres.") var cellMeters: Double = 100
    @Option(help: "Output population.geojson, in a folder that exists; it replaces only a file grid wrote (\"twinreach\": \"grid\").") var out: String
    @Option(help: "Default share aged 65+.") var elderlyShare: Double = 0.12
    @Option(help: "Digital adoption of adults under 65.") var digitalAdults: Double = 0.85
    @Option(help: "Digital adoption of the elderly.") var digitalElderly: Double = 0.35
    @Option(help: "Residential rules file (default: the shipped Profiles/residential.yaml).") var residentialRules: String?

    func validate() throws {
        // 1 m to 100 km: finer cells would number in the billions, coarser ones are no grid.
        guard (1...100_000).contains(cellMeters) else { throw ValidationError("--cell-meters must be 1...100000") }
        for v in [elderlyShare, digitalAdults, digitalElderly] where !(0...1).contains(v) {
            throw ValidationError("shares must lie in 0...1")
        }
    }

    func run() throws {
        var options = GridCommand.Options(osm: osm, subdistricts: subdistricts, totals: totals, cellMeters: cellMeters, output: out)
        options.settings.elderlyShare = elderlyShare
        options.residentialRules = residentialRules
        options.settings.digitalAdoptionAdults = digitalAdults
        options.settings.digitalAdoptionElderly = digitalElderly
        let result = try GridCommand.run(options)
        for line in GridCommand.describe(result.report) { print(line) }
        print("wrote \(out): \(result.cells.count) cells")
    }
}
