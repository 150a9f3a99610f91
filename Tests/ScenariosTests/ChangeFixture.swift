import Districts
import Foundation
import Model
import TestSupport
@testable import Scenarios

/// Applies a scenario's changes to a district value, without C: the only geometry a change
/// needs (point in polygon) comes from `AxisAlignedRectangles`.
enum ChangeFixture {
    /// The district every change test starts from: halls A (district tier, S1 and S2 by
    /// default) and B (street, only S1), kiosk K, items S1 (hall only), S2 (also online), two
    /// cells (c0 inside subdistrict west, c1 inside east), the web channel.
    static func district() -> District {
        var t = TinyDistrict()
        t.item("S1", perThousand: 10, handlingMinutes: 10, documents: 2, days: 5)
        t.item("S2", perThousand: 30, online: true, tripsOnline: 1, handlingMinutes: 15, documents: 1, days: 20)
        t.hall("A", x: 0, y: 0)
        t.hall("B", x: 3000, y: 0, tier: .street, services: ["S1"])
        t.kiosk("K", x: 1000, y: 0)
        t.cell("c0", x: 500, y: 0, pop: 100, elderly: 0.5, digital: 0.6)
        t.cell("c1", x: 2500, y: 0, pop: 200, elderly: 0, digital: 0.85)
        t.subdistrict("west", -1000, -1000, 1500, 1000)
        t.subdistrict("east", 1500, -1000, 4000, 1000)
        return t.district()
    }

    /// Parses `changes` (list items of scenario.yaml, from line 4) and applies them.
    static func apply(_ changes: String, to district: District = district(),
                      loadDistrict: (String) throws -> District = { throw InputError(file: $0, .file, "not loaded in this test") }) throws -> AppliedScenario {
        let root = try Paths.scratch(UUID().uuidString)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("d"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("n"), withIntermediateDirectories: true)
        let file = root.appendingPathComponent("s.yaml")
        try "name: s\ndistrict: d\nchanges:\n\(changes)\n".write(to: file, atomically: true, encoding: .utf8)
        let scenario = try Scenario(path: file.path)
        return try ScenarioApplier.apply(scenario, to: district, geo: AxisAlignedRectangles(), loadDistrict: loadDistrict)
    }

    /// The messages of the problems `apply` throws (empty when it does not throw).
    static func problems(_ changes: String, to district: District = district()) throws -> [String] {
        do { _ = try apply(changes, to: district) } catch let errors as InputErrors {
            return errors.errors.map(\.description)
        }
        return []
    }
}

/// Point in polygon for polygons that are axis-aligned rectangles (as TinyDistrict's
/// subdistricts are), in plain Swift: a point on the edge is covered, as with GEOS's `covers`.
struct AxisAlignedRectangles: GeoServices {
    struct NotARectangle: Error {}

    func covers(_ area: MultiPolygon, _ points: [XY]) throws -> [Bool] {
        let boxes = try area.polygons.map { polygon -> (XY, XY) in
            let ring = polygon.exterior
            let xs = Set(ring.map(\.x)), ys = Set(ring.map(\.y))
            guard ring.count == 5, xs.count == 2, ys.count == 2, polygon.holes.isEmpty else { throw NotARectangle() }
            return (XY(xs.min()!, ys.min()!), XY(xs.max()!, ys.max()!))
        }
        return points.map { p in boxes.contains { p.x >= $0.0.x && p.x <= $0.1.x && p.y >= $0.0.y && p.y <= $0.1.y } }
    }

    func toWGS84(_ points: [XY], from crs: String) throws -> [XY] { throw NotARectangle() }
    func validity(of area: MultiPolygon) -> (reason: String, repaired: MultiPolygon?)? { nil }
    func isGeographic(_ crs: String) throws -> Bool { throw NotARectangle() }
    func readLayer(path: String, layer: String?) throws -> ForeignLayer { throw NotARectangle() }
    func layerNames(path: String) throws -> [String] { throw NotARectangle() }
}
