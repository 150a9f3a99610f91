import Model
import Yams

/// `close_site`: a site is removed (`close_site: ID` or `close_site: {id: ID}`).
public struct CloseSite: ScenarioChange {
    static let key = "close_site"
    public var id: String

    static func parse(from body: ChangeBody) throws -> CloseSite {
        if let id = body.node.scalar?.string { return CloseSite(id: id) }
        let m = try body.fields(["id"])
        return CloseSite(id: try body.doc.string(try body.required(m, "id"), "id"))
    }

    func check(against district: District) -> String? {
        district.sites.contains { $0.id == id } ? nil : "unknown site '\(id)'"
    }

    func apply(to state: inout ScenarioState) {
        guard let k = state.district.sites.firstIndex(where: { $0.id == id }) else { return }
        state.district.sites.remove(at: k)
        state.applied.siteDistrict.remove(at: k)
        state.log("closed \(id)")
    }
}
