import Foundation
import Formats
import Geometry
import Model
import OSMReader
import Projection

/// The areas of an `osm-district` district before their totals: the boundary and the
/// subdistricts (admin relations, squares clipped to the boundary, or squares grouping the cells
/// of an external population grid).
struct DistrictAreas {
    var boundaryName: String
    var boundaryRelation: Int64
    /// The boundary's `ISO3166-2` tag, else `r<relation>`: how a totals row names it.
    var boundaryID: String
    var boundary: MultiPolygon
    var candidates: [SubdistrictTotals.TotalCandidate] = []
    /// The OSM relation of each candidate (0 for squares).
    var relations: [Int64] = []

    init(boundary chosen: (relation: OSMAdminBoundary, area: MultiPolygon)) {
        boundaryRelation = chosen.relation.relationID
        boundaryName = chosen.relation.name ?? "relation \(chosen.relation.relationID)"
        boundaryID = chosen.relation.tags["ISO3166-2"] ?? "r\(chosen.relation.relationID)"
        boundary = chosen.area
    }

    init(name: String, area: MultiPolygon) {
        boundaryName = name; boundaryRelation = 0; boundaryID = name; boundary = area
    }
}

extension OSMDistrictBuilder {
    typealias Areas = DistrictAreas

    /// The boundary relation (`boundaryRelation`) with square subdistricts of
    /// `subdistrictSquaresMeters` clipped to it.
    static func squareAreas(_ o: Options, _ data: OSMData) throws -> Areas {
        guard o.boundaryRelation != nil else {
            throw InputError(.usage, file: o.extract, .file, "--subdistrict-squares-meters needs --boundary-relation (the district)")
        }
        var areas = Areas(boundary: try chooseBoundary(o, data, holding: []))
        areas.candidates = try squares(of: areas.boundary, meters: o.subdistrictSquaresMeters ?? 1000, file: o.extract)
        areas.relations = areas.candidates.map { _ in 0 }
        return areas
    }

    /// Squares of `meters` in the local metric CRS of the area's centre, aligned on multiples of
    /// `meters`, clipped to the area; id and name `E<km>N<km>` of the south-west corner.
    static func squares(of area: MultiPolygon, meters: Double, file: String) throws -> [SubdistrictTotals.TotalCandidate] {
        guard let b = area.bounds else { throw InputError(file: file, .file, "the boundary is empty") }
        let metric = CRS.localMetric(for: XY((b.min.x + b.max.x) / 2, (b.min.y + b.max.y) / 2))
        let toMetric = try Transformer(from: .wgs84, to: metric), toWGS84 = try Transformer(from: metric, to: .wgs84)
        let projected = try toMetric.transform(area)
        guard let m = projected.bounds else { throw InputError(file: file, .file, "the boundary is empty") }
        var result: [SubdistrictTotals.TotalCandidate] = []
        for row in try PopulationGrid.gridIndex(m.min.y, meters)...PopulationGrid.gridIndex(m.max.y, meters) {
            for column in try PopulationGrid.gridIndex(m.min.x, meters)...PopulationGrid.gridIndex(m.max.x, meters) {
                let square = PopulationGrid.square(row: row, column: column, cellMeters: meters)
                let piece = try square.intersection(with: projected)
                guard try piece.area() > 0 else { continue }
                let id = squareID(row: row, column: column, meters: meters)
                result.append(.init(id: id, name: id, area: try toWGS84.transform(piece), population: nil, elderlyShare: nil,
                                    digitalShare: nil, file: file, location: .file))
            }
        }
        return result
    }

    static func squareID(row: Int, column: Int, meters: Double) -> String {
        "E\(GeoJSONNumber.text(Double(column) * meters / 1000))N\(GeoJSONNumber.text(Double(row) * meters / 1000))"
    }

    /// The totals CSV's row for the boundary, shared over the subdistricts by residential floor
    /// area (whole residents, largest remainder): a first grid pass measures each subdistrict's
    /// floor area. Subdistricts whose share is 0 are left out (and reported).
    static func shareBoundaryTotal(_ o: Options, _ areas: Areas, buildings: [OSMBuilding], settings: DistrictSettings,
                                   rules: ResidentialRules, report: inout Report) throws -> [GridSubdistrict] {
        guard let totals = o.totals else { throw InputError(.usage, file: o.extract, .file, "sharing the boundary's total needs --totals") }
        let rows = try SubdistrictTotals.readTotals(totals)
        let name = SubdistrictTotals.normalized(areas.boundaryName)
        guard let row = rows.first(where: { $0.id == areas.boundaryID })
                ?? rows.first(where: { $0.name.map(SubdistrictTotals.normalized) == name }) else {
            throw InputError(file: totals, .file, "no row for the boundary '\(areas.boundaryID)' (\(areas.boundaryName)): its total is the district's")
        }
        let provisional = areas.candidates.map { GridSubdistrict(id: $0.id, name: $0.name, area: $0.area, population: 1) }
        let first = try PopulationGrid.build(subdistricts: provisional, buildings: buildings, cellMeters: o.cellMeters,
                                             settings: settings, rules: rules)
        let floor = first.report.subdistricts.map(\.residentialFloorSquareMeters)
        let units = PopulationGrid.unitsPerResident
        let shares = PopulationGrid.apportion(total: row.pop / units, weights: floor).map { ($0 * units).rounded() }
        var result: [GridSubdistrict] = []
        var empty: [String] = []
        for (c, share) in zip(areas.candidates, shares) {
            guard share > 0 else { empty.append(c.name); continue }
            result.append(GridSubdistrict(id: c.id, name: c.name, area: c.area, population: share,
                                          elderlyShare: row.elderly, digitalShare: row.digital))
        }
        if !empty.isEmpty {
            let what = o.subdistrictSquaresMeters == nil ? empty.joined(separator: ", ") : "\(empty.count) squares"
            report.skippedSubdistricts.append("\(what): no residential floor area, so no share of the total")
        }
        guard !result.isEmpty else {
            throw InputError(file: o.extract, .file, "no residential floor area inside \(areas.boundaryName) to share its total over")
        }
        return result
    }

    /// A box `meters` around the area's bounds (WGS 84), for clipping roads.osm.
    static func roadBox(_ area: MultiPolygon, meters: Double) throws -> (min: XY, max: XY) {
        guard let b = area.bounds else { throw InputError(.internalError, file: "osm-district", .file, "empty boundary") }
        let dLat = meters / 110_574, dLon = meters / (111_320 * cos((b.min.y + b.max.y) / 2 * .pi / 180))
        return (XY(b.min.x - dLon, b.min.y - dLat), XY(b.max.x + dLon, b.max.y + dLat))
    }
}
