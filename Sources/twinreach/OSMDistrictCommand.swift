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
        townhalls -> district halls; government offices -> city halls (national; not archives, \
        customs, audit courts, ombudsmen, parliaments, ministries), or district \
        halls when named after the subdistrict they lie in and it has no townhall; post offices, \
        libraries, community centres -> community stations; kiosks at post offices and \
        supermarkets; OSM opening_hours when parseable, else tier defaults; unnamed points and \
        points outside the boundary are left out. The standard catalogue and channels. Roads: \
        roads.osm with only the highway ways some mode may use and their nodes. Without \
        per-subdistrict totals: --subdistrict-squares-meters (squares of the --boundary-relation) \
        or --share-boundary-total share the boundary's row of --totals by residential floor \
        area; --population-grid takes a published grid's cells instead of buildings and totals.
        """)

    @Argument(help: "OpenStreetMap extract (.osm.pbf or .osm).") var extract: String
    @Option(help: "CSV of published totals (pop, id and/or name); not with --population-grid.") var totals: String?
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
    @Option(help: "Subdistricts as squares of this side in metres (a multiple of --cell-meters) clipped to --boundary-relation, sharing its total.") var subdistrictSquaresMeters: Double?
    @Flag(help: "The totals row for the boundary (its ISO3166-2 id or name) is shared over the subdistricts by residential floor area.") var shareBoundaryTotal = false
    @Option(help: "GeoJSON population grid (polygons with pop or population) used as the cells instead of buildings; needs --subdistrict-squares-meters.") var populationGrid: String?
    @Option(help: "With --population-grid: keep the cells whose centroid lies in W,S,E,N (degrees).") var bbox: String?
    @Option(help: "Keep in roads.osm only ways with a node within this many metres of the boundary's bounding box.") var clipRoadsMeters: Double?

    func validate() throws {
        // 1 m to 100 km: finer cells would number in the billions, coarser ones are no grid.
        guard (1...100_000).contains(cellMeters) else { throw ValidationError("--cell-meters must be 1...100000") }
        if let m = subdistrictSquaresMeters {
            guard (1...1_000_000).contains(m) else { throw ValidationError("--subdistrict-squares-meters must be 1...1000000") }
            guard populationGrid != nil || (m / cellMeters).rounded() == m / cellMeters else {
                throw ValidationError("--subdistrict-squares-meters must be a whole multiple of --cell-meters, so that no cell is split between squares")
            }
            guard populationGrid != nil || boundaryRelation != nil else {
                throw ValidationError("--subdistrict-squares-meters needs --boundary-relation (the district) or --population-grid")
            }
        }
        if let clipRoadsMeters, !(0...1_000_000).contains(clipRoadsMeters) { throw ValidationError("--clip-roads-meters must be 0...1000000") }
        if populationGrid != nil {
            guard totals == nil, !shareBoundaryTotal else { throw ValidationError("--population-grid takes its residents from the grid: no --totals or --share-boundary-total") }
            guard subdistrictSquaresMeters != nil else { throw ValidationError("--population-grid needs --subdistrict-squares-meters") }
        } else {
            guard totals != nil else { throw ValidationError("--totals is required (unless --population-grid gives the residents)") }
            guard bbox == nil else { throw ValidationError("--bbox applies only with --population-grid") }
        }
        _ = try parsedBBox()
    }

    /// `--bbox W,S,E,N` as corners.
    func parsedBBox() throws -> (min: XY, max: XY)? {
        guard let bbox else { return nil }
        let v = bbox.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard v.count == 4, (-180...180).contains(v[0]), (-180...180).contains(v[2]), (-90...90).contains(v[1]),
              (-90...90).contains(v[3]), v[0] < v[2], v[1] < v[3] else {
            throw ValidationError("--bbox must be W,S,E,N in degrees with W < E and S < N, not '\(bbox)'")
        }
        return (XY(v[0], v[1]), XY(v[2], v[3]))
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
        options.subdistrictSquaresMeters = subdistrictSquaresMeters
        options.shareBoundaryTotal = shareBoundaryTotal
        options.populationGrid = populationGrid
        options.bbox = try parsedBBox()
        options.clipRoadsMeters = clipRoadsMeters
        let report = try OSMDistrictCommand.run(options)
        for line in report.lines { print(line) }
        print("wrote \(out)")
    }
}
