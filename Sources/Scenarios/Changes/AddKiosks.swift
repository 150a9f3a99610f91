import Model
import Yams

/// `add_kiosks`: kiosks at a list of points, numbered after a prefix.
public struct AddKiosks: ScenarioChange {
    static let key = "add_kiosks"
    public var kiosks: [Site]

    static func parse(from body: ChangeBody) throws -> AddKiosks {
        let m = try body.fields(["prefix", "at", "hours", "services", "name"])
        guard let points = m["at"]?.sequence, !points.isEmpty else { throw body.error(body.node, "add_kiosks needs 'at': a list of [longitude, latitude]") }
        let prefix = try body.optionalString(m, "prefix") ?? "K-new-"
        let hours = try m["hours"].map(body.hours) ?? .alwaysOpen
        let services = try body.optionalStrings(m, "services")
        let name = try body.optionalString(m, "name") ?? "Kiosk"
        return AddKiosks(kiosks: try points.enumerated().map { n, p in
            Site(id: "\(prefix)\(n + 1)", name: "\(name) \(n + 1)", kind: .kiosk, tier: nil, windows: 1, hours: hours,
                 services: services, location: try body.point(p))
        })
    }

    func check(against district: District) -> String? {
        let clash = kiosks.filter { k in district.sites.contains { $0.id == k.id } }.map(\.id)
        if !clash.isEmpty { return "site id(s) \(clash.joined(separator: ", ")) already exist (choose another prefix)" }
        return kiosks.first?.services.flatMap(district.unknownItemsProblem)
    }

    func apply(to state: inout ScenarioState) {
        state.district.sites += kiosks
        state.applied.siteDistrict += kiosks.map { _ in 0 }
        state.log("added \(kiosks.count) kiosk(s)")
    }
}
