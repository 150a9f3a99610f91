import Foundation
import Districts
import Geometry
import Model
import Projection

/// GeoServices on the real libraries: PROJ (and the GCJ-02/BD-09 formulas) for conversion,
/// GEOS for validity and repair. Each call uses the calling thread's own contexts.
public struct LibraryGeoServices: GeoServices {
    public init() {}

    public func toWGS84(_ points: [XY], from crs: String) throws -> [XY] {
        let source = try CRS(crs)
        if source == .wgs84 { return points }
        return try Transformer(from: source, to: .wgs84).transform(points)
    }

    public func isGeographic(_ crs: String) throws -> Bool {
        try CRS(crs).isGeographic()
    }

    public func covers(_ area: MultiPolygon, _ points: [XY]) throws -> [Bool] {
        let prepared = try PreparedPolygon(area)
        return try points.map { try prepared.covers($0) }
    }

    public func validity(of area: MultiPolygon) -> (reason: String, repaired: MultiPolygon?)? {
        if Self.isStrictlyConvex(area) { return nil }
        do {
            switch try area.validity() {
            case .valid:
                return nil
            case .invalid(let reason, let location):
                let at = location.map { " at \($0.x) \($0.y)" } ?? ""
                let repaired = try? area.madeValid()
                let usable = (repaired?.isEmpty ?? true) ? nil : repaired
                return ("\(reason)\(at)", usable)
            }
        } catch {
            return ("\(error)", nil)
        }
    }

    /// A single polygon without holes whose ring turns the same way at every corner and once
    /// around in all is simple, hence valid: grid cells are, and skip GEOS (200,000 calls).
    static func isStrictlyConvex(_ area: MultiPolygon) -> Bool {
        guard area.polygons.count == 1, let polygon = area.polygons.first, polygon.holes.isEmpty else { return false }
        let ring = polygon.exterior
        let n = ring.count - 1
        guard n >= 3, ring.first == ring.last else { return false }
        var sign = 0.0
        var turning = 0.0
        for i in 0..<n {
            let a = ring[(i + n - 1) % n], b = ring[i], c = ring[(i + 1) % n]
            let ux = b.x - a.x, uy = b.y - a.y, vx = c.x - b.x, vy = c.y - b.y
            let cross = ux * vy - uy * vx
            guard cross != 0, cross.isFinite else { return false }
            if sign == 0 { sign = cross } else if (sign > 0) != (cross > 0) { return false }
            turning += atan2(cross, ux * vx + uy * vy)
        }
        return abs(abs(turning) - 2 * .pi) < 1e-6
    }

    /// The district with every layer converted from WGS 84 into `crs` (for writing samples in
    /// GCJ-02 as Chinese web maps give them); its settings name the CRS.
    public func convertDistrict(_ district: District, toCRS crs: String) throws -> District {
        let transformer = try Transformer(from: .wgs84, to: try CRS(crs))
        var d = district
        d.settings.crs = crs
        d.boundary = try transformer.transform(d.boundary)
        for i in d.subdistricts.indices { d.subdistricts[i].area = try transformer.transform(d.subdistricts[i].area) }
        for i in d.cells.indices {
            d.cells[i].centroid = try transformer.transform(d.cells[i].centroid)
            if let area = d.cells[i].area { d.cells[i].area = try transformer.transform(area) }
        }
        for i in d.sites.indices { d.sites[i].location = try transformer.transform(d.sites[i].location) }
        for i in d.candidates.indices { d.candidates[i].location = try transformer.transform(d.candidates[i].location) }
        return d
    }
}
