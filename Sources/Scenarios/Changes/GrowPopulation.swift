import Model
import Yams

/// `grow_population`: residents × factor in a subdistrict, a polygon or everywhere (cells by
/// their centroid; a centroid on the edge counts as inside).
public struct GrowPopulation: ScenarioChange {
    static let key = "grow_population"
    public var factor: Double
    public var area: GrowthArea

    static func parse(from body: ChangeBody) throws -> GrowPopulation {
        let m = try body.fields(["factor", "subdistrict", "polygon"])
        let factor = try body.doc.number(try body.required(m, "factor"), "factor", in: 0...1000)
        var area = GrowthArea.everywhere
        if let s = m["subdistrict"] { area = .subdistrict(try body.doc.string(s, "subdistrict")) }
        if let p = m["polygon"] {
            guard let ring = p.sequence, ring.count >= 4 else { throw body.error(p, "grow_population: 'polygon' must be a closed ring of at least 4 [lon, lat] points") }
            let points = try ring.map(body.point)
            guard points.first == points.last else { throw body.error(p, "grow_population: 'polygon' is not closed (first point differs from the last)") }
            area = .polygon(Polygon(exterior: points))
        }
        return GrowPopulation(factor: factor, area: area)
    }

    func check(against district: District) -> String? {
        guard case .subdistrict(let id) = area, Self.subdistrict(id, of: district) == nil else { return nil }
        return "unknown subdistrict '\(id)'"
    }

    func apply(to state: inout ScenarioState) throws {
        let centroids = state.district.cells.map(\.centroid)
        let inside: [Bool]
        switch area {
        case .everywhere:
            inside = centroids.map { _ in true }
        case .subdistrict(let id):
            guard let s = Self.subdistrict(id, of: state.district) else { return }
            inside = try state.geo.covers(s.area, centroids)
        case .polygon(let polygon):
            inside = try state.geo.covers(MultiPolygon([polygon]), centroids)
        }
        var grown = 0
        for i in state.district.cells.indices where inside[i] {
            state.district.cells[i].population *= factor
            grown += 1
        }
        state.log("population × \(factor) in \(grown) cell(s)")
    }

    /// A subdistrict by id or name.
    static func subdistrict(_ id: String, of district: District) -> Subdistrict? {
        district.subdistricts.first { $0.id == id || $0.name == id }
    }
}

public enum GrowthArea: Sendable {
    case subdistrict(String)
    case polygon(Polygon)
    case everywhere
}
