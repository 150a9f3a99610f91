import ArgumentParser
import Foundation
import Model
import TwinReachKit

struct OSMDistrict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "osm-district",
        abstract: "Build a sample district folder from an OpenStreetMap extract and published subdistrict totals.",
        discussion: """
        Boundary: the complete admin boundary at --boundary-level holding the most subdistricts \
        (or --boundary-relation). Subdistricts: complete admin boundaries at --subdistrict-level \
        inside it (id: ISO3166-2 tag, else r<relation>). Population: as `twinreach grid`. Sites: \
        townhalls -> district halls; government offices -> city halls (national), or district \
        halls when named after the subdistrict they lie in and it has no townhall; post offices, \
        libraries, community centres -> community stations; kiosks at post offices and \
        supermarkets; OSM opening_hours when parseable, else tier defaults; unnamed points and \
        points outside the boundary are left out. The standard catalogue and channels. Roads: \
        roads.osm with only the highway ways some mode may use and their nodes.
        """)

    @Argument(help: "OpenStreetMap extract (.osm.pbf or .osm).") var extract: String
    @Option(help: "CSV of published totals (pop, id and/or name).") var totals: String
    @Option(help: "Output district folder: new, empty, or one osm-district wrote (marked .twinreach-osm-district).") var out: String
    @Option(help: "District name (default: the boundary's name).") var name: String?
    @Option(help: "admin_level of the district boundary.") var boundaryLevel: Int = 2
    @Option(help: "OSM relation id of the boundary (when several qualify).") var boundaryRelation: Int64?
    @Option(help: "admin_level of the subdistricts.") var subdistrictLevel: Int = 7
    @Option(help: "Cell side in metres.") var cellMeters: Double = 100

    @Option(help: "Comma-separated highway classes to leave out of roads.osm (e.g. path,track).") var excludeRoads: String?
    @Option(help: "Thin road nodes between junctions with this Douglas-Peucker tolerance in metres (0: keep every node).") var simplifyRoadsMeters: Double = 0
    @Option(help: "Site rules file (default: the shipped Profiles/sites.yaml).") var siteRules: String?
    @Option(help: "Residential rules file (default: the shipped Profiles/residential.yaml).") var residentialRules: String?

    func validate() throws {
        // 1 m to 100 km: finer cells would number in the billions, coarser ones are no grid.
        guard (1...100_000).contains(cellMeters) else { throw ValidationError("--cell-meters must be 1...100000") }
    }

    func run() throws {
        var options = OSMDistrictCommand.Options(extract: extract, totals: totals, out: out)
        options.name = name
        options.boundaryLevel = boundaryLevel
        options.boundaryRelation = boundaryRelation
        options.subdistrictLevel = subdistrictLevel
        options.cellMeters = cellMeters
        options.excludedRoadClasses = Set((excludeRoads ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        options.simplifyRoadsMeters = simplifyRoadsMeters
        options.siteRules = siteRules
        options.residentialRules = residentialRules
        let report = try OSMDistrictCommand.run(options)
        for line in report.lines { print(line) }
        print("wrote \(out)")
    }
}
