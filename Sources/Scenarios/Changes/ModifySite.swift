import Model
import Yams

/// `modify_site`: windows, hours, tier, name or item list of a site.
public struct ModifySite: ScenarioChange {
    static let key = "modify_site"
    public var id: String
    public var windows: Int?
    public var hours: OpeningHours?
    public var tier: Tier?
    public var name: String?
    /// Replaces the item list; `addServices`/`removeServices` edit it (starting from the
    /// default list when the site had none).
    public var services: [String]?
    public var addServices: [String]
    public var removeServices: [String]

    static func parse(from body: ChangeBody) throws -> ModifySite {
        let m = try body.fields(["id", "windows", "hours", "tier", "name", "services", "add_services", "remove_services"])
        return ModifySite(
            id: try body.doc.string(try body.required(m, "id"), "id"),
            windows: try m["windows"].map { try body.doc.integer($0, "windows", minimum: 1, maximum: InputLimits.windows.upperBound) },
            hours: try m["hours"].map(body.hours), tier: try m["tier"].map(body.tier),
            name: try body.optionalString(m, "name"),
            services: try body.optionalStrings(m, "services"),
            addServices: try body.optionalStrings(m, "add_services") ?? [],
            removeServices: try body.optionalStrings(m, "remove_services") ?? [])
    }

    func check(against district: District) -> String? {
        guard let site = district.sites.first(where: { $0.id == id }) else { return "unknown site '\(id)'" }
        if let problem = district.unknownItemsProblem((services ?? []) + addServices + removeServices) { return problem }
        if tier != nil && site.kind == .kiosk { return "\(id) is a kiosk: kiosks have no tier" }
        return nil
    }

    func apply(to state: inout ScenarioState) {
        guard let k = state.district.sites.firstIndex(where: { $0.id == id }) else { return }
        var site = state.district.sites[k]
        if let windows { site.windows = windows }
        if let hours { site.hours = hours }
        if let tier { site.tier = tier }
        if let name { site.name = name }
        if let services { site.services = services }
        if !addServices.isEmpty || !removeServices.isEmpty {
            var list = site.services ?? state.district.services.filter { site.handles($0) }.map(\.id)
            for id in addServices where !list.contains(id) { list.append(id) }
            list.removeAll { removeServices.contains($0) }
            site.services = list
        }
        state.district.sites[k] = site
        state.log("modified \(id)")
    }
}
