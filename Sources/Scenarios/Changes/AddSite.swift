import Model
import Yams

/// `add_site`: a new hall or kiosk at a point.
public struct AddSite: ScenarioChange {
    static let key = "add_site"
    public var site: Site

    static func parse(from body: ChangeBody) throws -> AddSite {
        let m = try body.fields(["id", "name", "kind", "tier", "windows", "hours", "at", "services"])
        let id = try body.doc.string(try body.required(m, "id"), "id")
        let siteKind = try m["kind"].map { n -> SiteKind in
            let t = try body.doc.string(n, "kind")
            guard let k = SiteKind(rawValue: t) else { throw body.error(n, "add_site: unknown kind '\(t)' (hall or kiosk)") }
            return k
        } ?? .hall
        let siteTier = try m["tier"].map(body.tier)
        if siteKind == .hall && siteTier == nil { throw body.error(body.node, "add_site \(id): a hall needs a tier") }
        let windows = try m["windows"].map { try body.doc.integer($0, "windows", minimum: 1, maximum: InputLimits.windows.upperBound) } ?? 1
        return AddSite(site: Site(id: id, name: try body.optionalString(m, "name") ?? id, kind: siteKind, tier: siteTier,
                                  windows: windows, hours: try m["hours"].map(body.hours) ?? .alwaysOpen,
                                  services: try body.optionalStrings(m, "services"),
                                  location: try body.point(try body.required(m, "at"))))
    }

    func check(against district: District) -> String? {
        if district.sites.contains(where: { $0.id == site.id }) { return "site id '\(site.id)' already exists" }
        return site.services.flatMap(district.unknownItemsProblem)
    }

    func apply(to state: inout ScenarioState) {
        state.district.sites.append(site)
        state.applied.siteDistrict.append(0)
        state.log("added \(site.kind.rawValue) \(site.id)")
    }
}
