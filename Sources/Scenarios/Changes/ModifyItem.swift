import Model
import Yams

/// `modify_item`: item reforms of the catalogue (issue 12): trips per channel, documents,
/// promised days, handling minutes, channels, site inspection (现场勘查), and the reforms the
/// documents name — 免证/免提交 (documents removed by data sharing), 秒批 (instant approval),
/// 反向办 (proactive service, no application), mail delivery instead of a collection trip, and
/// the measures against failed visits (来回跑): pre-consultation, 一次性告知, 容缺 and
/// standardisation, each a relative reduction of the failed-visit probability that the
/// scenario states (the documents give no figure for any of them).
public struct ModifyItem: ScenarioChange {
    static let key = "modify_item"
    /// The items changed (`id: X` or `items: [X, Y]`).
    public var items: [String]
    /// New values; nil: unchanged.
    public var tripsHall: Double?, tripsKiosk: Double?, tripsOnline: Double?
    public var documents: Double?, timeLimitDays: Double?, handlingMinutes: Double?
    public var hall: Bool?, kiosk: Bool?, online: Bool?, video: Bool?
    public var failedVisitProbability: Double?
    public var inspectionMinutes: Double?, inspectionDays: Double?, inspectionAtHall: Bool?
    /// 免证/免提交: documents no longer submitted because the office reads them from shared data.
    public var documentsShared: Double?
    /// 秒批: approval on the spot, promised days 0.
    public var instantApproval: Bool
    /// 反向办: the office completes the item unasked.
    public var proactive: Bool
    /// The result is mailed: the collection trip (the last of two or more hall or kiosk trips,
    /// or a remote completion's in-person trip) is saved.
    public var mailDelivery: Bool
    /// Relative reductions (0...1) of the failed-visit probability, applied one after another
    /// (p × (1 − r) each): pre-consultation by video or hotline, 一次性告知 (all requirements told
    /// at once), 容缺 (accepted with a minor paper missing, handed in later), standardisation
    /// (practice made equal to the published standard).
    public var preConsultation: Double?, oneTimeNotice: Double?, acceptMissing: Double?, standardised: Double?

    static let fields: Set<String> = [
        "id", "items", "trips_hall", "trips_kiosk", "trips_online", "documents", "time_limit_days", "handling_minutes",
        "hall", "kiosk", "online", "video", "failed_visit_probability", "inspection_minutes", "inspection_days",
        "inspection_at_hall", "documents_shared", "instant_approval", "proactive", "mail_delivery",
        "pre_consultation", "one_time_notice", "accept_missing", "standardised",
    ]

    static func parse(from body: ChangeBody) throws -> ModifyItem {
        let m = try body.fields(fields)
        let items: [String]
        switch (m["id"], m["items"]) {
        case (let id?, nil): items = [try body.doc.string(id, "id")]
        case (nil, let list?): items = try body.doc.strings(list, "items")
        case (.some, .some): throw body.error(body.node, "modify_item takes 'id' or 'items', not both")
        case (nil, nil): throw body.error(body.node, "modify_item needs 'id' (one item) or 'items' (a list)")
        }
        guard !items.isEmpty else { throw body.error(body.node, "modify_item: 'items' is empty") }
        func number(_ f: String, _ range: ClosedRange<Double>) throws -> Double? { try body.optionalNumber(m, f, in: range) }
        func reduction(_ f: String) throws -> Double? { try number(f, 0...1) }
        return ModifyItem(
            items: items,
            tripsHall: try number("trips_hall", 0...100), tripsKiosk: try number("trips_kiosk", 0...100),
            tripsOnline: try number("trips_online", 0...100), documents: try number("documents", 0...1000),
            timeLimitDays: try number("time_limit_days", 0...3650), handlingMinutes: try number("handling_minutes", 0...1440),
            hall: try body.flag(m, "hall"), kiosk: try body.flag(m, "kiosk"),
            online: try body.flag(m, "online"), video: try body.flag(m, "video"),
            failedVisitProbability: try number("failed_visit_probability", 0...0.95),
            inspectionMinutes: try number("inspection_minutes", 0...10_000), inspectionDays: try number("inspection_days", 0...3650),
            inspectionAtHall: try body.flag(m, "inspection_at_hall"),
            documentsShared: try number("documents_shared", 0...1000),
            instantApproval: try body.flag(m, "instant_approval") ?? false, proactive: try body.flag(m, "proactive") ?? false,
            mailDelivery: try body.flag(m, "mail_delivery") ?? false,
            preConsultation: try reduction("pre_consultation"), oneTimeNotice: try reduction("one_time_notice"),
            acceptMissing: try reduction("accept_missing"), standardised: try reduction("standardised"))
    }

    func check(against district: District) -> String? {
        let known = district.services.map(\.id)
        for id in items where !known.contains(id) {
            return "unknown item '\(id)'\(Suggestion.phrase(for: id, among: known))"
        }
        for item in district.services where items.contains(item.id) {
            if case .failure(let problem) = reformed(item) { return "\(item.id): \(problem.text)" }
            if preConsultation != nil && !district.channels.contains(where: { $0.kind == .hotline || ($0.kind == .video && $0.handles(item)) }) {
                return "\(item.id): pre_consultation needs a hotline or a video channel that handles the item"
            }
        }
        return nil
    }

    func apply(to state: inout ScenarioState) {
        for k in state.district.services.indices where items.contains(state.district.services[k].id) {
            guard case .success(let item) = reformed(state.district.services[k]) else { continue }
            state.log("modified item \(item.id): \(Self.differences(state.district.services[k], item))")
            state.district.services[k] = item
        }
    }

    struct Problem: Error { let text: String }

    /// The item after the change: new values first, then the reforms in the order the fields
    /// are documented; a reform that cannot apply to it is a problem.
    func reformed(_ original: ServiceItem) -> Result<ServiceItem, Problem> {
        var item = original
        if let tripsHall { item.tripsHall = tripsHall }
        if let tripsKiosk { item.tripsKiosk = tripsKiosk }
        if let tripsOnline { item.tripsOnline = tripsOnline }
        if let documents { item.documents = documents }
        if let timeLimitDays { item.timeLimitDays = timeLimitDays }
        if let handlingMinutes { item.handlingMinutes = handlingMinutes }
        if let hall { item.hall = hall }
        if let kiosk { item.kiosk = kiosk }
        if let online { item.online = online }
        if let video { item.video = video }
        if let failedVisitProbability { item.failedVisitProbability = failedVisitProbability }
        if let inspectionMinutes { item.inspectionMinutes = inspectionMinutes }
        if let inspectionDays { item.inspectionDays = inspectionDays }
        if let inspectionAtHall { item.inspectionAtHall = inspectionAtHall }
        if let shared = documentsShared {
            guard shared <= item.documents else {
                return .failure(Problem(text: "documents_shared is \(Self.rounded(shared)) but the item has \(Self.rounded(item.documents)) documents"))
            }
            item.documents -= shared
        }
        if mailDelivery {
            if item.tripsHall >= 2 { item.tripsHall -= 1 }
            if item.tripsKiosk >= 2 { item.tripsKiosk -= 1 }
            if item.tripsOnline >= 1 { item.tripsOnline -= 1 }
        }
        if instantApproval {
            guard item.inspectionDays == 0 else {
                return .failure(Problem(text: "instant_approval (秒批) promises 0 days, but the item's site inspection adds \(Self.rounded(item.inspectionDays)) days (inspection_days)"))
            }
            item.timeLimitDays = 0
        }
        if proactive { item.proactive = true }
        for reduction in [preConsultation, oneTimeNotice, acceptMissing, standardised].compactMap({ $0 }) {
            item.failedVisitProbability *= 1 - reduction
        }
        guard item.hall || item.kiosk || item.online || item.video || item.proactive else {
            return .failure(Problem(text: "the item would have no channel that can complete it"))
        }
        return .success(item)
    }

    /// "trips_hall 2 → 1, documents 8 → 5" for the report's change log ("unchanged" when equal).
    static func differences(_ a: ServiceItem, _ b: ServiceItem) -> String {
        func number(_ name: String, _ x: Double, _ y: Double) -> String? {
            x == y ? nil : "\(name) \(rounded(x)) → \(rounded(y))"
        }
        func flag(_ name: String, _ x: Bool, _ y: Bool) -> String? { x == y ? nil : "\(name) \(y ? "on" : "off")" }
        let parts: [String?] = [
            number("trips_hall", a.tripsHall, b.tripsHall), number("trips_kiosk", a.tripsKiosk, b.tripsKiosk),
            number("trips_online", a.tripsOnline, b.tripsOnline), number("documents", a.documents, b.documents),
            number("time_limit_days", a.timeLimitDays, b.timeLimitDays),
            number("handling_minutes", a.handlingMinutes, b.handlingMinutes),
            flag("hall", a.hall, b.hall), flag("kiosk", a.kiosk, b.kiosk), flag("online", a.online, b.online),
            flag("video", a.video, b.video),
            number("failed_visit_probability", a.failedVisitProbability, b.failedVisitProbability),
            number("inspection_minutes", a.inspectionMinutes, b.inspectionMinutes),
            number("inspection_days", a.inspectionDays, b.inspectionDays),
            flag("inspection_at_hall", a.inspectionAtHall, b.inspectionAtHall), flag("proactive", a.proactive, b.proactive),
        ]
        let changed = parts.compactMap { $0 }
        return changed.isEmpty ? "unchanged" : changed.joined(separator: ", ")
    }

    static func rounded(_ x: Double) -> String {
        let r = (x * 10_000).rounded() / 10_000
        return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : "\(r)"
    }
}

extension ChangeBody {
    /// An optional `true`/`false` field (also `1`/`0`).
    fileprivate func flag(_ m: Node.Mapping, _ field: String) throws -> Bool? {
        try m[field].map { n in
            switch n.scalar?.string {
            case "true", "1": return true
            case "false", "0": return false
            default: throw error(n, "\(key): '\(field)' must be true or false")
            }
        }
    }
}
