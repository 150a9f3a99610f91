/// 一件事一次办: a life event (a birth, a business start, a retirement, a death) whose items are
/// applied for as one case, with one form, one set of papers and one trip at most.
///
/// The bundle happens at its own event rate; each member item is needed by a share of the
/// events (its take-up); what the members keep outside the event stays in the catalogue as
/// their standalone demand. The bundle enters the channel choice as one synthetic item.
public struct EventBundle: Sendable, Hashable {
    /// One item of the bundle.
    public struct Member: Sendable, Hashable {
        public var item: String
        /// Share of the event's cases that need the item, 0...1.
        public var takeUp: Double
        /// Members that must be done before this one (dependencies of a parallel bundle).
        public var after: [String]

        public init(item: String, takeUp: Double = 1, after: [String] = []) {
            self.item = item; self.takeUp = takeUp; self.after = after
        }
    }

    /// How the members' promised days combine: one after another in list order, or at once
    /// (each member waiting only for its `after` members: the longest path).
    public enum Order: String, Sendable, Hashable, CaseIterable {
        case sequential, parallel
    }

    public var id: String
    public var name: String
    /// Events (cases) per 1,000 residents per year.
    public var eventsPerThousandPerYear: Double
    public var members: [Member]
    public var order: Order
    /// The lowest hall tier that takes the case; nil: the highest of the members'.
    public var minTier: Tier?
    /// Channels by policy; nil: a channel any member may use.
    public var hall: Bool?, kiosk: Bool?, online: Bool?, video: Bool?
    /// In-person trips per case at a hall, at a kiosk, and when done online or by video.
    public var tripsHall: Double, tripsKiosk: Double?, tripsOnline: Double
    /// Document ids the bundle takes from data sharing instead of the resident (免提交).
    public var waivedDocuments: [String]
    /// The bundle's own promised days; nil: the members' days along their order.
    public var timeLimitDays: Double?

    public init(id: String, name: String, eventsPerThousandPerYear: Double, members: [Member], order: Order = .sequential,
                minTier: Tier? = nil, hall: Bool? = nil, kiosk: Bool? = nil, online: Bool? = nil, video: Bool? = nil,
                tripsHall: Double = 1, tripsKiosk: Double? = nil, tripsOnline: Double = 0,
                waivedDocuments: [String] = [], timeLimitDays: Double? = nil) {
        self.id = id; self.name = name; self.eventsPerThousandPerYear = eventsPerThousandPerYear
        self.members = members; self.order = order; self.minTier = minTier
        self.hall = hall; self.kiosk = kiosk; self.online = online; self.video = video
        self.tripsHall = tripsHall; self.tripsKiosk = tripsKiosk; self.tripsOnline = tripsOnline
        self.waivedDocuments = waivedDocuments; self.timeLimitDays = timeLimitDays
    }

    /// Members at most: the expected longest path enumerates every subset of them.
    public static let maxMembers = 16

    // MARK: Per case, before (separate counter visits) and after

    /// The member items as they stand in `catalogue` (in member order; missing ones left out).
    public func items(in catalogue: [ServiceItem]) -> [(member: Member, item: ServiceItem)] {
        members.compactMap { m in catalogue.first { $0.id == m.item }.map { (m, $0) } }
    }

    /// Before: each taken-up item its own visits at its competent hall (`trips_hall`).
    public static func separateTrips(_ parts: [(member: Member, item: ServiceItem)]) -> Double {
        parts.reduce(0) { $0 + $1.member.takeUp * $1.item.tripsHall }
    }

    /// Before: each taken-up item its own papers.
    public static func separateDocuments(_ parts: [(member: Member, item: ServiceItem)]) -> Double {
        parts.reduce(0) { $0 + $1.member.takeUp * $1.item.documents }
    }

    /// Before: each taken-up item's promised days, one office after the other.
    public static func separateDays(_ parts: [(member: Member, item: ServiceItem)]) -> Double {
        parts.reduce(0) { $0 + $1.member.takeUp * $1.item.timeLimitDays }
    }

    /// After: the expected number of papers of one case. A document id counts once when any
    /// taken-up member needs it (take-ups independent: `1 − Π(1 − takeUp)`), not at all when
    /// waived; a member without `document_ids` keeps its own count of unshared papers.
    public func documents(_ parts: [(member: Member, item: ServiceItem)]) -> Double {
        var missing: [String: Double] = [:]  // per id: the probability that no member needs it
        var order: [String] = []
        var unshared = 0.0
        for (member, item) in parts {
            guard !item.documentIds.isEmpty else { unshared += member.takeUp * item.documents; continue }
            for id in Set(item.documentIds) where !waivedDocuments.contains(id) {
                if missing[id] == nil { order.append(id); missing[id] = 1 }
                missing[id, default: 1] *= 1 - member.takeUp
            }
        }
        return order.reduce(unshared) { $0 + (1 - (missing[$1] ?? 1)) }
    }

    /// After: the bundle's own promised days, or the expected longest path of the taken-up
    /// members' days along the order (every subset of members weighed by its probability; a
    /// member not taken up passes its predecessors on to its successors).
    public func days(_ parts: [(member: Member, item: ServiceItem)]) -> Double {
        if let timeLimitDays { return timeLimitDays }
        let n = min(parts.count, Self.maxMembers)
        let before = predecessors(parts.prefix(n).map(\.member))
        var expected = 0.0
        for subset in 0..<(1 << n) {
            var probability = 1.0
            for k in 0..<n { probability *= subset & (1 << k) != 0 ? parts[k].member.takeUp : 1 - parts[k].member.takeUp }
            guard probability > 0 else { continue }
            var finish = [Double](repeating: 0, count: n)
            for k in 0..<n {  // predecessors come first in member order (checked on input)
                let start = before[k].map { finish[$0] }.max() ?? 0
                finish[k] = start + (subset & (1 << k) != 0 ? parts[k].item.timeLimitDays : 0)
            }
            expected += probability * (finish.max() ?? 0)
        }
        return expected
    }

    /// Each member's direct predecessors (indices): all earlier members when sequential, its
    /// `after` members when parallel.
    func predecessors(_ list: [Member]) -> [[Int]] {
        list.indices.map { k in
            order == .sequential ? Array(0..<k) : list[k].after.compactMap { id in list.firstIndex { $0.item == id } }
        }
    }

    // MARK: The bundle in the catalogue

    /// The synthetic catalogue item of the bundle: the event's rate, the bundle's channels and
    /// trips, handling and consultations Σ take-up × the members', papers and days after.
    public func catalogueItem(_ parts: [(member: Member, item: ServiceItem)]) -> ServiceItem {
        let items = parts.map(\.item)
        let weighted = { (value: (ServiceItem) -> Double) in parts.reduce(0.0) { $0 + $1.member.takeUp * value($1.item) } }
        var item = ServiceItem(
            id: id, name: name, perThousandPerYear: eventsPerThousandPerYear,
            minTier: minTier ?? items.map(\.minTier).max() ?? .community,
            hall: hall ?? items.contains(where: \.hall), kiosk: kiosk ?? items.contains(where: \.kiosk),
            online: online ?? items.contains(where: \.online), video: video ?? items.contains(where: \.video),
            tripsHall: tripsHall, tripsKiosk: tripsKiosk ?? tripsHall, tripsOnline: tripsOnline,
            handlingMinutes: weighted(\.handlingMinutes), documents: documents(parts), timeLimitDays: days(parts),
            consultPerCompletion: weighted(\.consultPerCompletion))
        item.documentIds = []
        return item
    }

    /// What is wrong with the bundle against `catalogue`, or nil: unknown or repeated members,
    /// an `after` that is not an earlier member, an id that is taken, no channel.
    public func problem(in catalogue: [ServiceItem]) -> String? {
        let ids = members.map(\.item)
        let unknown = ids.filter { id in !catalogue.contains { $0.id == id } }
        if !unknown.isEmpty { return "unknown service id(s) \(unknown.joined(separator: ", "))" }
        if Set(ids).count != ids.count { return "an item is listed twice" }
        if members.count < 2 || members.count > Self.maxMembers { return "a bundle has 2 to \(Self.maxMembers) items, not \(members.count)" }
        if catalogue.contains(where: { $0.id == id }) { return "item id '\(id)' already exists" }
        for (k, m) in members.enumerated() {
            for a in m.after where !ids.prefix(k).contains(a) {
                return "item \(m.item): after '\(a)' is not an earlier item of the bundle"
            }
        }
        let item = catalogueItem(items(in: catalogue))
        if !(item.hall || item.kiosk || item.online || item.video) { return "the bundle has no channel that can complete it" }
        return nil
    }
}

extension District {
    /// Adds the bundle (checked with `EventBundle.problem`): its synthetic item after the last
    /// catalogue item, each member's standalone demand lowered by events × take-up, and the
    /// bundle in every explicit site or channel list that holds any of its members. Returns a
    /// problem (a member whose standalone demand would fall below zero) and changes nothing then.
    public mutating func add(_ bundle: EventBundle) -> String? {
        if let problem = bundle.problem(in: services) { return problem }
        var residual = services
        for m in bundle.members {
            guard let i = residual.firstIndex(where: { $0.id == m.item }) else { continue }
            let left = residual[i].perThousandPerYear - bundle.eventsPerThousandPerYear * m.takeUp
            guard left >= -1e-9 else {
                return "item \(m.item): its standalone demand \(Self.text(residual[i].perThousandPerYear)) − \(Self.text(bundle.eventsPerThousandPerYear)) events × take-up \(Self.text(m.takeUp)) = \(Self.text(left)) per 1,000 a year is below zero; lower the take-up or the event rate, or raise the item's per_1000_per_year"
            }
            residual[i].perThousandPerYear = max(0, left)
        }
        let item = bundle.catalogueItem(bundle.items(in: services))
        services = residual + [item]
        let ids = bundle.members.map(\.item)
        for k in sites.indices {
            if let list = sites[k].services, list.contains(where: ids.contains), !list.contains(bundle.id) {
                sites[k].services = list + [bundle.id]
            }
        }
        for k in channels.indices {
            if case .list(let list) = channels[k].services, list.contains(where: ids.contains), !list.contains(bundle.id) {
                channels[k].services = .list(list + [bundle.id])
            }
        }
        bundles.append(bundle)
        return nil
    }

    public static func text(_ x: Double) -> String {
        let r = (x * 1000).rounded() / 1000
        return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : "\(r)"
    }
}
