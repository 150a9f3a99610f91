import Model
import TwinSpace

/// One channel's load and queue, as the run reports it (video, hotline and online channels).
public struct ChannelFigures: Sendable, Hashable {
    public var id: String
    public var kind: ChannelKind
    public var result: TwinChannelResult
    public init(id: String, kind: ChannelKind, result: TwinChannelResult) { self.id = id; self.kind = kind; self.result = result }
}

/// Demand that overloaded sites cannot serve: completions a year beyond the week's
/// window-minutes of every overloaded hall and kiosk, never hidden in their loads.
public struct OverloadSummary: Sendable, Hashable {
    public var unservedCompletionsPerYear: Double
    /// Over all completions the district's residents demand.
    public var shareOfDemand: Double
    /// `unserved ÷ completions per resident-year`: residents whose whole year of items that is.
    public var residentEquivalents: Double
    public var sites: [String]
    /// Who those completions are given to (`TwinOverloadShares`): the residents' cells, the
    /// establishments, or nobody (no cell sends demand to the site at the final waits).
    public var shares = TwinOverloadShares()
    /// The residents the gap population counts for overload (district's cells summed).
    public var gapPopulation = 0.0
}

extension Summaries {
    public static func channels(_ channels: [Channel], results: [TwinChannelResult]) -> [ChannelFigures] {
        zip(channels, results).map { ChannelFigures(id: $0.id, kind: $0.kind, result: $1) }
    }

    /// The overload figures; `demand` is the district's completions a year, `population` its residents.
    public static func overload(sites: [Site], results: [TwinSiteResult], demand: Double, population: Double) -> OverloadSummary {
        var unserved = 0.0, ids: [String] = []
        for (site, r) in zip(sites, results) where r.unservedCompletionsPerYear > 0 {
            unserved += r.unservedCompletionsPerYear
            ids.append(site.id)
        }
        let perResident = population > 0 ? demand / population : 0
        return OverloadSummary(unservedCompletionsPerYear: unserved, shareOfDemand: demand > 0 ? unserved / demand : 0,
                               residentEquivalents: perResident > 0 ? unserved / perResident : 0, sites: ids)
    }

    /// Channels of one kind together: completions (or consultations), load-weighted utilisation
    /// and wait, the largest peak-hour wait, and for hotlines the answer rate over all calls.
    static func channelKind(_ figures: [ChannelFigures], _ kind: ChannelKind) -> OrderedJSON {
        let mine = figures.filter { $0.kind == kind && $0.result.available }
        func load(_ r: TwinChannelResult) -> Double { kind == .hotline ? r.consultationsPerYear : r.completionsPerYear }
        let total = mine.reduce(0) { $0 + load($1.result) }
        func weighted(_ value: (TwinChannelResult) -> Double) -> Double {
            total > 0 ? mine.reduce(0) { $0 + load($1.result) * value($1.result) } / total : 0
        }
        var members: [(String, OrderedJSON)] = [("channels", .number(Double(mine.count))),
                                                (kind == .hotline ? "consultations_per_year" : "completions_per_year", .number(total))]
        guard kind != .online else { return .object(members) }
        members += [("utilisation", .number(weighted(\.utilisation))), ("wait_minutes", .number(weighted(\.waitMinutes))),
                    ("peak_wait_minutes", .number(mine.map(\.result.peakWaitMinutes).max() ?? 0)),
                    ("overloaded", .array(mine.filter(\.result.overloaded).map { .string($0.id) }))]
        if kind == .hotline { members.append(("answer_rate", .optional(total > 0 ? weighted { $0.answerRate ?? 0 } : nil))) }
        return .object(members)
    }
}
