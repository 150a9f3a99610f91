import Model
import TwinSpace

/// One 一件事一次办 bundle per case: before (separate counter visits, each taken-up item at
/// its competent hall; and its items under today's channel choice) and after (the bundle under
/// the channel choice). Cases are the district's residents × the event rate; trips per case are
/// over the cases the model serves, papers and promised days over all cases.
public struct BundleSummary: Sendable, Hashable {
    public var id: String
    public var name: String
    public var items: [String]
    public var casesPerYear: Double
    /// Separate counter visits: Σ take-up × the item's `trips_hall`, papers, promised days.
    public var tripsBefore: Double, documentsBefore: Double, daysBefore: Double
    /// The bundle: trips per served case under the channel choice (nil: no case served), its
    /// papers (shared ones once) and promised days (along the items' order).
    public var tripsAfter: Double?, documentsAfter: Double, daysAfter: Double
    /// Σ take-up × each item's trips per completion under today's channel choice (nil when an
    /// item has no served completion).
    public var tripsBeforeTodayChoice: Double?
    /// The bundle's cases by hall, kiosk, online, video, unserved.
    public var shares: [Double]

    /// `after / before − 1`, nil from a base of 0.
    public static func relative(_ before: Double?, _ after: Double?) -> Double? {
        guard let before, let after, before > 0 else { return nil }
        return after / before - 1
    }
}

extension Summaries {
    /// The bundles of `district` at the run's per-item results (catalogue order).
    public static func bundles(_ district: District, items: [TwinItemResult]) -> [BundleSummary] {
        guard items.count == district.services.count else { return [] }
        func result(_ id: String) -> (ServiceItem, TwinItemResult)? {
            district.services.firstIndex { $0.id == id }.map { (district.services[$0], items[$0]) }
        }
        return district.bundles.compactMap { bundle in
            guard let (item, after) = result(bundle.id) else { return nil }
            let parts = bundle.items(in: district.services)
            let today = parts.map { part in result(part.item.id)?.1.tripsPerCompletion.map { part.member.takeUp * $0 } }
            return BundleSummary(
                id: bundle.id, name: bundle.name, items: parts.map(\.item.id), casesPerYear: after.completionsPerYear,
                tripsBefore: EventBundle.separateTrips(parts), documentsBefore: EventBundle.separateDocuments(parts),
                daysBefore: EventBundle.separateDays(parts),
                tripsAfter: after.tripsPerCompletion, documentsAfter: item.documents, daysAfter: item.timeLimitDays,
                tripsBeforeTodayChoice: today.contains { $0 == nil } ? nil : today.reduce(0) { $0 + ($1 ?? 0) },
                shares: [after.shareHall, after.shareKiosk, after.shareOnline, after.shareVideo, after.shareUnserved])
        }
    }
}

extension SummaryWriters {
    static func bundle(_ b: BundleSummary) -> OrderedJSON {
        let r = BundleSummary.relative
        return .object([
            ("id", .string(b.id)), ("name", .string(b.name)), ("items", .array(b.items.map { .string($0) })),
            ("cases_per_year", .number(b.casesPerYear)),
            ("per_case", .object([
                ("trips_before", .number(b.tripsBefore)), ("trips_after", .optional(b.tripsAfter)),
                ("documents_before", .number(b.documentsBefore)), ("documents_after", .number(b.documentsAfter)),
                ("days_before", .number(b.daysBefore)), ("days_after", .number(b.daysAfter)),
            ])),
            ("relative_change", .object([
                ("trips", .optional(r(b.tripsBefore, b.tripsAfter))), ("documents", .optional(r(b.documentsBefore, b.documentsAfter))),
                ("days", .optional(r(b.daysBefore, b.daysAfter))),
            ])),
            ("today_choice", .object([
                ("trips_before", .optional(b.tripsBeforeTodayChoice)),
                ("trips_relative_change", .optional(r(b.tripsBeforeTodayChoice, b.tripsAfter))),
            ])),
            ("channel_shares", .object(zip(["hall", "kiosk", "online", "video", "unserved"], b.shares).map { ($0, .number($1)) })),
        ])
    }

    /// All bundles together, each figure weighted by the bundle's cases: Σ cases × after over
    /// Σ cases × before (trips over the bundles whose every figure is known).
    static func weightedRow(_ bundles: [BundleSummary], _ change: (Double?, Double?) -> String) -> String {
        func total(_ value: (BundleSummary) -> Double?) -> Double? {
            let known = bundles.filter { $0.tripsAfter != nil && $0.tripsBeforeTodayChoice != nil }
            guard !known.isEmpty else { return nil }
            let cases = known.reduce(0) { $0 + $1.casesPerYear }
            return cases > 0 ? known.reduce(0) { $0 + $1.casesPerYear * (value($1) ?? 0) } / cases : nil
        }
        let trips = (total(\.tripsBefore), total(\.tripsAfter)), today = total(\.tripsBeforeTodayChoice)
        let papers = (total(\.documentsBefore), total(\.documentsAfter)), days = (total(\.daysBefore), total(\.daysAfter))
        return "| all bundles, weighted by cases | \(f(bundles.reduce(0) { $0 + $1.casesPerYear }, 0)) | \(f(trips.0)) → \(f(trips.1)) (\(change(trips.0, trips.1))) | \(f(papers.0)) → \(f(papers.1)) (\(change(papers.0, papers.1))) | \(f(days.0)) → \(f(days.1)) (\(change(days.0, days.1))) | \(f(today)) → \(f(trips.1)) (\(change(today, trips.1))) |\n"
    }

    /// The report's bundle section (empty without bundles).
    static func bundlesMarkdown(_ bundles: [BundleSummary]) -> String {
        guard !bundles.isEmpty else { return "" }
        func change(_ before: Double?, _ after: Double?) -> String {
            BundleSummary.relative(before, after).map { ($0 > 0 ? "+" : $0 < 0 ? "−" : "") + f(abs($0) * 100, 1) + " %" } ?? "–"
        }
        var out = "\n## 一件事一次办 bundles\n\nPer case (one event: a birth, a business start, a retirement, a death), before — each item the case needs at its own counter, one after another (take-up × the item's hall trips, papers, promised days) — and after, the bundle under the channel choice. Cases: all residents × the event rate; trips per case over the cases the model serves.\n\n"
        out += "| bundle | cases / yr | trips before → after | papers before → after | promised days before → after | trips with today's channel choice |\n| --- | ---: | ---: | ---: | ---: | ---: |\n"
        for b in bundles {
            out += "| \(md(b.name)) (\(md(b.id))) | \(f(b.casesPerYear, 0)) | \(f(b.tripsBefore)) → \(f(b.tripsAfter)) (\(change(b.tripsBefore, b.tripsAfter))) | \(f(b.documentsBefore)) → \(f(b.documentsAfter)) (\(change(b.documentsBefore, b.documentsAfter))) | \(f(b.daysBefore)) → \(f(b.daysAfter)) (\(change(b.daysBefore, b.daysAfter))) | \(f(b.tripsBeforeTodayChoice)) → \(f(b.tripsAfter)) (\(change(b.tripsBeforeTodayChoice, b.tripsAfter))) |\n"
        }
        if bundles.count > 1 { out += weightedRow(bundles, change) }
        out += "\nBundle cases by hall / kiosk / online / video / unserved: "
        out += bundles.map { b in "\(md(b.id)) " + b.shares.map(percent).joined(separator: " / ") }.joined(separator: "; ") + ".\n"
        return out
    }
}
