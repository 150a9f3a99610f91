import Model
import Yams

/// `bundle`, 一件事一次办: several items done as one.
public struct Bundle: ScenarioChange {
    static let key = "bundle"
    public var id: String
    public var name: String
    public var items: [String]
    public var tripsHall: Double
    public var tripsKiosk: Double?
    public var tripsOnline: Double?
    public var documents: Double?
    public var timeLimitDays: Double?
    /// Channel eligibility of the bundle; nil = what every item allows.
    public var hall: Bool?, kiosk: Bool?, online: Bool?, video: Bool?

    static func parse(from body: ChangeBody) throws -> Bundle {
        let m = try body.fields(["id", "name", "items", "trips_hall", "trips_kiosk", "trips_online", "documents", "time_limit_days", "hall", "kiosk", "online", "video"])
        let items = try body.doc.strings(try body.required(m, "items"), "items")
        guard items.count >= 2 else { throw body.error(body.node, "bundle needs at least two items") }
        func flag(_ f: String) throws -> Bool? {
            try m[f].map { n in
                guard let b = n.scalar.flatMap({ Bool($0.string) ?? ($0.string == "1" ? true : $0.string == "0" ? false : nil) }) else {
                    throw body.error(n, "bundle: '\(f)' must be true or false")
                }
                return b
            }
        }
        return Bundle(
            id: try body.doc.string(try body.required(m, "id"), "id"),
            name: try body.optionalString(m, "name") ?? "bundle", items: items,
            tripsHall: try body.doc.number(try body.required(m, "trips_hall"), "trips_hall", in: 0...100),
            tripsKiosk: try body.optionalNumber(m, "trips_kiosk", in: 0...100),
            tripsOnline: try body.optionalNumber(m, "trips_online", in: 0...100),
            documents: try body.optionalNumber(m, "documents", in: 0...1000),
            timeLimitDays: try body.optionalNumber(m, "time_limit_days", in: 0...3650),
            hall: try flag("hall"), kiosk: try flag("kiosk"), online: try flag("online"), video: try flag("video"))
    }

    func check(against district: District) -> String? {
        if let problem = district.unknownItemsProblem(items) { return problem }
        if district.services.contains(where: { $0.id == id }) { return "item id '\(id)' already exists" }
        return nil
    }

    func apply(to state: inout ScenarioState) {
        Self.applyBundle(&state.district, self)
        state.log("bundled \(items.joined(separator: ", ")) into \(id)")
    }

    /// 一件事一次办: the items become one. Demand is the largest of theirs (every case needs the
    /// most demanded one), the lowest tier that handles it the highest of theirs, channels what
    /// every item allows unless the bundle says, one sitting handles all (handling minutes add
    /// up), and trips, documents and promised days are the bundle's (documents default to the
    /// sum, days to the longest). Site and channel lists that held every item get the bundle.
    static func applyBundle(_ d: inout District, _ b: Bundle) {
        let parts = d.services.filter { b.items.contains($0.id) }
        guard let firstIndex = d.services.firstIndex(where: { b.items.contains($0.id) }) else { return }
        let item = ServiceItem(
            id: b.id, name: b.name,
            perThousandPerYear: parts.map(\.perThousandPerYear).max() ?? 0,
            minTier: parts.map(\.minTier).max() ?? .community,
            hall: b.hall ?? parts.allSatisfy(\.hall), kiosk: b.kiosk ?? parts.allSatisfy(\.kiosk),
            online: b.online ?? parts.allSatisfy(\.online), video: b.video ?? parts.allSatisfy(\.video),
            tripsHall: b.tripsHall, tripsKiosk: b.tripsKiosk ?? b.tripsHall,
            tripsOnline: b.tripsOnline ?? (parts.map(\.tripsOnline).max() ?? 0),
            handlingMinutes: parts.reduce(0) { $0 + $1.handlingMinutes },
            documents: b.documents ?? parts.reduce(0) { $0 + $1.documents },
            timeLimitDays: b.timeLimitDays ?? (parts.map(\.timeLimitDays).max() ?? 0),
            consultPerCompletion: parts.map(\.consultPerCompletion).max() ?? 0)
        d.services.removeAll { b.items.contains($0.id) }
        d.services.insert(item, at: min(firstIndex, d.services.count))
        for k in d.sites.indices {
            guard var list = d.sites[k].services else { continue }
            let all = b.items.allSatisfy(list.contains)
            list.removeAll { b.items.contains($0) }
            if all { list.append(b.id) }
            d.sites[k].services = list
        }
        for k in d.channels.indices {
            guard case .list(var list) = d.channels[k].services else { continue }
            let all = b.items.allSatisfy(list.contains)
            list.removeAll { b.items.contains($0) }
            if all { list.append(b.id) }
            d.channels[k].services = .list(list)
        }
    }
}
