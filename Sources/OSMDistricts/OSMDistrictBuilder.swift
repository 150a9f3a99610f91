import Districts
import Foundation
import Formats
import Geometry
import Model
import OSMReader
import Projection
import Roads

/// The district builder of `twinreach osm-district`: a sample district folder built from an
/// OpenStreetMap extract and a CSV of published subdistrict totals.
///
/// - **Boundary**: the complete `boundary=administrative` relation at `boundaryLevel` (default 2)
///   that holds the most subdistricts, or the relation given by id; assembled with GEOS.
/// - **Subdistricts**: complete relations at `subdistrictLevel` whose interior point lies in the
///   boundary; id = the `ISO3166-2` tag, else `r<relation id>`. Incomplete relations (cut by the
///   extract's edge) are reported and left out.
/// - **Population**: `PopulationGrid` over the buildings (`ResidentialRules`), with the totals
///   joined by id or name.
/// - **Sites** (public-service points inside the boundary, `SiteRules`: `Profiles/sites.yaml`).
/// - **Catalogue and channels**: the standard catalogue (32 items) and channels.
/// - **Roads**: `roads.osm`, only the highway ways some mode of the shipped road profiles may
///   use and their nodes (`RoadsXML`).
public enum OSMDistrictBuilder {
    public struct Options: Sendable {
        public var extract: String
        /// The published totals CSV; nil only with `populationGrid`.
        public var totals: String?
        public var out: String
        public var name: String?
        public var boundaryLevel = 2
        public var boundaryRelation: Int64?
        public var subdistrictLevel = 7
        public var cellMeters = 100.0
        /// Road classes left out of roads.osm, and the node-thinning tolerance (0: none).
        public var excludedRoadClasses: Set<String> = []
        public var simplifyRoadsMeters = 0.0
        public var settings = DistrictSettings(name: "")
        /// Site and residential rules files; nil: the shipped `Profiles/sites.yaml`, `residential.yaml`.
        public var siteRules: String?
        public var residentialRules: String?

        /// Subdistricts as squares of this side (metres, local metric CRS, aligned on its
        /// multiples) clipped to the boundary, instead of admin relations; the boundary's total
        /// is shared over them (`shareBoundaryTotal`). Squares without residents are left out.
        public var subdistrictSquaresMeters: Double?
        /// The totals CSV's row for the boundary (its `ISO3166-2` id, `r<relation>` or name) is
        /// the district's total, shared over the subdistricts by residential floor area; the
        /// other rows are not read.
        public var shareBoundaryTotal = false
        /// A GeoJSON population grid (polygons with `pop` or `population`) used as the cells
        /// instead of the building-based grid; the boundary is the union of its cells (those
        /// whose centroid lies in `bbox` when given), the subdistricts squares grouping them.
        public var populationGrid: String?
        public var bbox: (min: XY, max: XY)?
        /// When given, roads.osm keeps only ways with a node within this many metres of the
        /// boundary's bounding box (a parish out of a country's extract).
        public var clipRoadsMeters: Double?

        public init(extract: String, totals: String?, out: String) {
            self.extract = extract; self.totals = totals; self.out = out
        }
    }

    /// What the builder found and wrote.
    public struct Report: Sendable {
        public var boundaryName = ""
        public var boundaryRelation: Int64 = 0
        public var boundarySquareMeters = 0.0
        /// Subdistrict id, name, relation, area (m², local metric CRS).
        public var subdistricts: [(id: String, name: String, relation: Int64, squareMeters: Double)] = []
        /// Relations at the subdistrict level left out: incomplete, not assembled, or outside the boundary.
        public var skippedSubdistricts: [String] = []
        public var grid = GridReport(crs: "", cellMeters: 0)
        public var cells = 0
        public var population = 0.0
        public var sites = SiteExtraction()
        public var roadWays = 0
        public var roadNodes = 0
        public var roadsBytes = 0
        public var files: [(name: String, bytes: Int)] = []
        /// Set when the cells came from an external population grid (then `grid` is empty).
        public var externalGrid: String?

        /// Lines for the terminal.
        public var lines: [String] {
            var out: [String] = []
            out.append("boundary: \(boundaryName)\(boundaryRelation == 0 ? " (union of the grid's cells)" : " (relation \(boundaryRelation))"), \(GeoJSONWriter.number((boundarySquareMeters / 1e4).rounded() / 100)) km²")
            for s in subdistricts {
                let source = s.relation == 0 ? (s.id == s.name ? "" : " \(s.name)") : " \(s.name) (relation \(s.relation))"
                out.append("  subdistrict \(s.id)\(source), \(GeoJSONWriter.number((s.squareMeters / 1e4).rounded() / 100)) km²")
            }
            for s in skippedSubdistricts { out.append("  left out: \(s)") }
            if let externalGrid { out.append(externalGrid) } else { out.append(contentsOf: grid.lines) }
            out.append("cells: \(cells), population \(GeoJSONWriter.number((population * 1e4).rounded() / 1e4))")
            out.append(contentsOf: sites.lines)
            out.append("roads.osm: \(roadWays) ways, \(roadNodes) nodes, \(roadsBytes) bytes")
            out.append("files: " + files.map { "\($0.name) \($0.bytes)" }.joined(separator: ", ") + "; total \(files.reduce(0) { $0 + $1.bytes }) bytes")
            return out
        }
    }

    /// The filter of everything the builder reads: roads, buildings, boundaries and the keys of
    /// the site rules.
    static func filter(_ sites: SiteRules) -> OSMFilter {
        OSMFilter(nodeKeys: sites.readKeys, wayKeys: sites.readKeys.union(["highway", "building"]),
                  relationKeys: sites.readKeys.union(["boundary", "building"]))
    }

    /// Builds the district and hands its files to `writeFolder`, which calls its argument with the
    /// folder to write into (the command's staging folder) and moves it into place afterwards.
    public static func run(_ o: Options, writeFolder: ((String) throws -> Void) throws -> Void) throws -> Report {
        var report = Report()
        let siteRules = try SiteRules.load(path: o.siteRules)
        let residentialRules = try ResidentialRules.load(path: o.residentialRules)
        let data = try OSMFile.read(URL(fileURLWithPath: o.extract), filter: filter(siteRules))

        var settings = o.settings
        let areas: Areas
        let subdistricts: [GridSubdistrict]
        let cells: [Cell]
        if let gridFile = o.populationGrid {
            settings.name = o.name ?? "population grid"
            (areas, subdistricts, cells) = try externalGridDistrict(o, gridFile: gridFile, settings: settings)
            report.externalGrid = "population: \(cells.count) cells of \(gridFile) (\(subdistricts.count) squares of \(GeoJSONWriter.number(o.subdistrictSquaresMeters ?? 0)) m)"
        } else {
            areas = try o.subdistrictSquaresMeters == nil ? adminAreas(o, data, report: &report) : squareAreas(o, data)
            settings.name = o.name ?? areas.boundaryName
            let buildings = data.buildings().buildings
            let joined = o.shareBoundaryTotal || o.subdistrictSquaresMeters != nil
                ? try shareBoundaryTotal(o, areas, buildings: buildings, settings: settings, rules: residentialRules, report: &report)
                : try SubdistrictTotals.joinTotals(areas.candidates, totals: o.totals)
            let grid = try PopulationGrid.build(subdistricts: joined, buildings: buildings,
                                                cellMeters: o.cellMeters, settings: settings, rules: residentialRules)
            report.grid = grid.report
            subdistricts = joined
            cells = grid.cells
        }
        report.boundaryName = areas.boundaryName
        report.boundaryRelation = areas.boundaryRelation
        report.cells = cells.count
        report.population = cells.reduce(0) { $0 + $1.population }
        let metric = try MetricAreas(center: areas.boundary)
        report.boundarySquareMeters = try metric.area(areas.boundary)
        let relationOf = Dictionary(zip(areas.candidates.map(\.id), areas.relations), uniquingKeysWith: { a, _ in a })
        for s in subdistricts {
            report.subdistricts.append((s.id, s.name, relationOf[s.id] ?? 0, try metric.area(s.area)))
        }

        let boundaryPrepared = try PreparedPolygon(areas.boundary)
        report.sites = try siteRules.extract(from: data, inside: boundaryPrepared,
                                            subdistricts: subdistricts.map { ($0.name, $0.area) })
        let district = District(
            settings: settings, boundary: areas.boundary,
            subdistricts: subdistricts.map { Subdistrict(id: $0.id, name: $0.name, area: $0.area, population: $0.population) },
            cells: cells, sites: report.sites.sites, channels: StandardCatalogue.channels,
            services: StandardCatalogue.items, roadsPath: nil, candidates: [])

        let roads = try RoadsXML.make(from: data, generator: "twinreach osm-district", profiles: RoadProfiles.shipped(),
                                      excludedClasses: o.excludedRoadClasses, simplifyMeters: o.simplifyRoadsMeters,
                                      within: try o.clipRoadsMeters.map { try roadBox(areas.boundary, meters: $0) })
        report.roadWays = roads.ways
        report.roadNodes = roads.nodes
        report.roadsBytes = roads.xml.utf8.count
        try writeFolder { folder in
            try DistrictWriter.write(district, to: folder)
            try AtomicFile.write(roads.xml, to: (folder as NSString).appendingPathComponent("roads.osm"))
            for name in ["district.yaml", "boundary.geojson", "subdistricts.geojson", "population.geojson", "sites.geojson",
                         "channels.yaml", "services.csv", "roads.osm"] {
                let path = (folder as NSString).appendingPathComponent(name)
                let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                report.files.append((name, bytes))
            }
        }
        return report
    }

    /// The boundary and its subdistricts (admin relations) before their totals.
    static func adminAreas(_ o: Options, _ data: OSMData, report: inout Report) throws -> Areas {
        var parts: [(relation: OSMAdminBoundary, area: MultiPolygon, inside: XY)] = []
        for b in data.administrativeBoundaries(adminLevel: o.subdistrictLevel) {
            let label = "\(b.name ?? "unnamed") (relation \(b.relationID))"
            guard b.isComplete else {
                report.skippedSubdistricts.append("\(label): \(b.missingWayIDs.count) member way(s) missing from the extract"); continue
            }
            do {
                let area = try assemble(b)
                guard let inside = try area.pointOnSurface() else { report.skippedSubdistricts.append("\(label): empty area"); continue }
                parts.append((b, area, inside))
            } catch {
                report.skippedSubdistricts.append("\(label): \(error)")
            }
        }
        let chosen = try chooseBoundary(o, data, holding: parts.map(\.inside))
        var areas = Areas(boundary: chosen)
        let boundaryPrepared = try PreparedPolygon(chosen.area)
        for p in parts {
            let label = "\(p.relation.name ?? "unnamed") (relation \(p.relation.relationID))"
            guard try boundaryPrepared.covers(p.inside) else { report.skippedSubdistricts.append("\(label): outside the boundary"); continue }
            let id = p.relation.tags["ISO3166-2"] ?? "r\(p.relation.relationID)"
            areas.candidates.append(.init(id: id, name: p.relation.name ?? id, area: p.area, population: nil, elderlyShare: nil,
                                          digitalShare: nil, file: o.extract, location: .file))
            areas.relations.append(p.relation.relationID)
        }
        guard !areas.candidates.isEmpty else {
            throw InputError(file: o.extract, .file, "no complete admin_level \(o.subdistrictLevel) area inside \(areas.boundaryName)")
        }
        // Stable order: by id.
        let order = areas.candidates.indices.sorted { areas.candidates[$0].id < areas.candidates[$1].id }
        areas.candidates = order.map { areas.candidates[$0] }
        areas.relations = order.map { areas.relations[$0] }
        return areas
    }

    /// The complete boundary relation at `boundaryLevel` that holds the most of `points` (or the
    /// one `boundaryRelation` names).
    static func chooseBoundary(_ o: Options, _ data: OSMData, holding points: [XY]) throws -> (relation: OSMAdminBoundary, area: MultiPolygon) {
        var boundaries: [(relation: OSMAdminBoundary, area: MultiPolygon, holds: Int)] = []
        for b in data.administrativeBoundaries(adminLevel: o.boundaryLevel) where b.isComplete {
            if let wanted = o.boundaryRelation, b.relationID != wanted { continue }
            guard let area = try? assemble(b) else { continue }
            let prepared = try PreparedPolygon(area)
            let holds = try points.filter { try prepared.covers($0) }.count
            boundaries.append((b, area, holds))
        }
        guard let chosen = boundaries.max(by: { ($0.holds, -$0.relation.relationID) < ($1.holds, -$1.relation.relationID) }),
              chosen.holds > 0 || o.boundaryRelation != nil else {
            throw InputError(file: o.extract, .file, o.boundaryRelation.map { "no complete boundary relation \($0) at admin_level \(o.boundaryLevel)" }
                             ?? "no complete admin_level \(o.boundaryLevel) boundary holds an admin_level \(o.subdistrictLevel) area")
        }
        return (chosen.relation, chosen.area)
    }

    /// A boundary relation's polygon from its member lines (outer and inner roles; "" is outer).
    static func assemble(_ b: OSMAdminBoundary) throws -> MultiPolygon {
        let outer = b.lines.filter { $0.role != "inner" }.map(\.points)
        let inner = b.lines.filter { $0.role == "inner" }.map(\.points)
        return try MultiPolygon(osmOuter: outer, inner: inner)
    }
}

/// Areas in square metres in the local metric CRS (UTM zone of an area's centre).
struct MetricAreas {
    let transformer: Transformer

    init(center area: MultiPolygon) throws {
        let b = area.bounds ?? (XY(0, 0), XY(0, 0))
        transformer = try Transformer(from: .wgs84, to: CRS.localMetric(for: XY((b.min.x + b.max.x) / 2, (b.min.y + b.max.y) / 2)))
    }

    func area(_ multi: MultiPolygon) throws -> Double { try transformer.transform(multi).area() }
}
