import Formats
import Model
import TwinSpace

/// A JSON value with ordered members, for output whose bytes must not depend on hashing.
public indirect enum OrderedJSON: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])

    public static func optional(_ x: Double?) -> OrderedJSON { x.map { .number($0) } ?? .null }

    /// Pretty-printed with two-space indents; numbers shortest round-trip, non-finite as null.
    public func text(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1), end = String(repeating: "  ", count: indent)
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return GeoJSONWriter.number(x)
        case .string(let s):
            var out = ""
            GeoJSONWriter.appendString(s, to: &out)
            return out
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { pad + $0.text(indent: indent + 1) }.joined(separator: ",\n") + "\n" + end + "]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            return "{\n" + members.map { key, value in
                var k = ""
                GeoJSONWriter.appendString(key, to: &k)
                return pad + k + ": " + value.text(indent: indent + 1)
            }.joined(separator: ",\n") + "\n" + end + "}"
        }
    }
}

public enum SummaryWriters {
    static func minutes(_ m: MinutesSummary) -> OrderedJSON {
        .object([("mean", .optional(m.mean)), ("median", .optional(m.median)), ("p90", .optional(m.p90)),
                 ("share_within_threshold", .number(m.shareWithinThreshold)),
                 ("unreachable_population", .number(m.unreachablePopulation))])
    }

    static func area(_ a: AreaSummary) -> OrderedJSON {
        .object([
            ("id", .string(a.id)), ("name", .string(a.name)), ("cells", .number(Double(a.cells))),
            ("population", .number(a.population)),
            ("minutes_to_nearest_hall", minutes(a.hall)), ("minutes_to_nearest_kiosk", minutes(a.kiosk)),
            ("channel_shares", .object([("hall", .number(a.shareHall)), ("kiosk", .number(a.shareKiosk)),
                                        ("online", .number(a.shareOnline)), ("video", .number(a.shareVideo)),
                                        ("assisted", .number(a.shareAssisted)), ("unserved", .number(a.shareUnserved)),
                                        ("no_application", .number(a.shareNoApplication))])),
            ("zero_trip_share", .number(a.zeroTripShare)),
            ("trips_per_resident_year", .number(a.tripsPerResidentYear)),
            ("travel_minutes_per_resident_year", .number(a.travelMinutesPerResidentYear)),
            ("documents_per_resident_year", .number(a.documentsPerResidentYear)),
            ("time_limit_days_per_resident_year", .number(a.timeLimitDaysPerResidentYear)),
            ("gap_population", .object([("total", .number(a.gapPopulation)), ("elderly", .number(a.gapElderly)),
                                        ("not_digital", .number(a.gapNotDigital))])),
            ("equity", .object([("gini_travel", .optional(a.giniTravel)), ("theil_travel", .optional(a.theilTravel))])),
            ("inspection_staff_minutes_per_year", .number(a.inspectionStaffMinutesPerYear)),
            ("overload", .object([("completions_per_year", .number(a.overloadCompletionsPerYear)),
                                  ("residents", .number(a.overloadResidents)),
                                  ("gap_population", .number(a.overloadGapPopulation))])),
        ])
    }

    public static func json(_ s: RunSummary) -> String {
        OrderedJSON.object([
            ("scenario", .string(s.scenario)), ("district", .string(s.districtName)),
            ("thresholds_minutes", .object([("hall", .number(s.hallThresholdMinutes)), ("kiosk", .number(s.kioskThresholdMinutes))])),
            ("travel", .string(s.travel)),
            ("summary", area(s.district)),
            ("halls", .object([("count", .number(Double(s.halls.halls))), ("completions_per_year", .number(s.halls.completionsPerYear)),
                               ("mean_utilisation", .number(s.halls.meanUtilisation)), ("max_utilisation", .number(s.halls.maxUtilisation)),
                               ("mean_wait_minutes", .number(s.halls.meanWaitMinutes)), ("max_wait_minutes", .number(s.halls.maxWaitMinutes)),
                               ("overloaded", .array(s.halls.overloaded.map { .string($0) })),
                               ("hourly_queues", .bool(s.hourlyQueues)),
                               ("mean_peak_wait_minutes", .number(s.halls.meanPeakWaitMinutes)),
                               ("max_peak_wait_minutes", .number(s.halls.maxPeakWaitMinutes)),
                               ("max_peak_utilisation", .number(s.halls.maxPeakUtilisation)),
                               ("unserved_completions_per_year", .number(s.halls.unservedCompletionsPerYear))])),
            ("overload", .object([("unserved_completions_per_year", .number(s.overload.unservedCompletionsPerYear)),
                                  ("share_of_demand", .number(s.overload.shareOfDemand)),
                                  ("resident_equivalents", .number(s.overload.residentEquivalents)),
                                  ("sites", .array(s.overload.sites.map { .string($0) })),
                                  ("residents_completions_per_year", .number(s.overload.shares.residentsCompletionsPerYear)),
                                  ("establishments_completions_per_year", .number(s.overload.shares.establishmentsCompletionsPerYear)),
                                  ("unattributed_completions_per_year", .number(s.overload.shares.unattributedCompletionsPerYear)),
                                  ("gap_population", .number(s.overload.gapPopulation))])),
            ("channel_queues", .object([("online", Summaries.channelKind(s.channels, .online)),
                                        ("video", Summaries.channelKind(s.channels, .video)),
                                        ("hotline", Summaries.channelKind(s.channels, .hotline))])),
            ("channels", .array(s.channels.map(channel))),
            ("worst_to_best_subdistrict_travel_ratio", .optional(s.worstToBestTravelRatio)),
            ("convergence", .object([("converged", .bool(s.convergence.converged)),
                                     ("iterations", .number(Double(s.convergence.iterations))),
                                     ("last_max_change_minutes", .number(s.convergence.lastMaxChangeMinutes)),
                                     ("best_response_change_minutes", .number(s.convergence.bestResponseChangeMinutes))])),
            ("unreachable_cells", .number(Double(s.unreachableCells))),
            ("changes", .array(s.changes.map { .string($0) })),
            ("bundles", .array(s.bundles.map(bundle))),
            ("subdistricts", .array(s.subdistricts.map(area))),
        ] + demandGroups(s) + [
            ("warnings", .array(s.warnings.map { .string($0) })),
            ("twinreach_version", .string(TwinReachVersion.current)),
        ]).text() + "\n"
    }

    /// One channel of `summary.json`'s `channels`.
    static func channel(_ c: ChannelFigures) -> OrderedJSON {
        let r = c.result
        var members: [(String, OrderedJSON)] = [
            ("id", .string(c.id)), ("kind", .string(c.kind.rawValue)), ("available", .bool(r.available)),
            ("open_minutes_per_week", .number(Double(r.openMinutesPerWeek))),
            ("completions_per_year", .number(r.completionsPerYear)), ("consultations_per_year", .number(r.consultationsPerYear))]
        guard c.kind != .online else { return .object(members) }
        members += [("utilisation", .number(r.utilisation)), ("wait_probability", .number(r.waitProbability)),
                    ("wait_minutes", .number(r.waitMinutes)), ("overloaded", .bool(r.overloaded)),
                    ("peak_hour", r.peakHourOfWeek.map { .string(WeekSlots.label($0)) } ?? .null),
                    ("peak_utilisation", .number(r.peakUtilisation)), ("peak_wait_minutes", .number(r.peakWaitMinutes))]
        if c.kind == .hotline {
            members += [("answer_rate", .optional(r.answerRate)),
                        ("answer_rate_by_hour", .array(r.answerRateByHour.map { .optional($0) }))]
        }
        return .object(members)
    }

    static let csvColumns = ["area_id", "area_name", "cells", "population", "hall_minutes_mean", "hall_minutes_median",
                             "hall_minutes_p90", "hall_within_threshold_share", "hall_unreachable_population",
                             "kiosk_minutes_mean", "kiosk_within_threshold_share", "kiosk_unreachable_population",
                             "share_hall", "share_kiosk", "share_online", "share_video", "share_unserved", "zero_trip_share",
                             "trips_per_resident_year", "travel_minutes_per_resident_year", "documents_per_resident_year",
                             "time_limit_days_per_resident_year", "gap_population", "gap_elderly", "gap_not_digital",
                             "gini_travel", "theil_travel", "share_no_application", "inspection_staff_minutes_per_year",
                             "share_assisted",
                             // District-wide (empty on subdistrict rows): halls' peak hour, channels, overload.
                             "hall_peak_wait_minutes_max", "hall_peak_utilisation_max",
                             "online_completions_per_year", "video_completions_per_year", "video_utilisation", "video_wait_minutes",
                             "hotline_consultations_per_year", "hotline_utilisation", "hotline_wait_minutes", "hotline_answer_rate",
                             "unserved_overload_completions_per_year",
                             // Per area again: the overload given to its cells (TwinCellResult).
                             "overload_completions_per_year", "overload_residents", "overload_gap_population"]

    public static func csv(_ s: RunSummary) -> String {
        func n(_ x: Double?) -> String { x.map(GeoJSONWriter.number) ?? "" }
        let field = CSVField.text
        var out = csvColumns.joined(separator: ",") + "\n"
        for (row, a) in ([s.district] + s.subdistricts).enumerated() {
            let values: [String] = [field(a.id), field(a.name), String(a.cells), n(a.population), n(a.hall.mean), n(a.hall.median),
                          n(a.hall.p90), n(a.hall.shareWithinThreshold), n(a.hall.unreachablePopulation),
                          n(a.kiosk.mean), n(a.kiosk.shareWithinThreshold), n(a.kiosk.unreachablePopulation),
                          n(a.shareHall), n(a.shareKiosk), n(a.shareOnline), n(a.shareVideo), n(a.shareUnserved), n(a.zeroTripShare),
                          n(a.tripsPerResidentYear), n(a.travelMinutesPerResidentYear), n(a.documentsPerResidentYear),
                          n(a.timeLimitDaysPerResidentYear), n(a.gapPopulation), n(a.gapElderly), n(a.gapNotDigital),
                          n(a.giniTravel), n(a.theilTravel), n(a.shareNoApplication), n(a.inspectionStaffMinutesPerYear),
                          n(a.shareAssisted)]
            let overload = [n(a.overloadCompletionsPerYear), n(a.overloadResidents), n(a.overloadGapPopulation)]
            out += (values + (row == 0 ? districtColumns(s) : Array(repeating: "", count: 11)) + overload)
                .joined(separator: ",") + "\n"
        }
        return out
    }

    /// The district-wide columns of summary.csv's first row.
    static func districtColumns(_ s: RunSummary) -> [String] {
        func n(_ x: Double?) -> String { x.map(GeoJSONWriter.number) ?? "" }
        func kind(_ k: ChannelKind) -> [String: OrderedJSON] {
            guard case .object(let members) = Summaries.channelKind(s.channels, k) else { return [:] }
            return Dictionary(members, uniquingKeysWith: { a, _ in a })
        }
        func number(_ v: OrderedJSON?) -> String { if case .number(let x)? = v { return n(x) }; return "" }
        let online = kind(.online), video = kind(.video), hotline = kind(.hotline)
        return [n(s.halls.maxPeakWaitMinutes), n(s.halls.maxPeakUtilisation),
                number(online["completions_per_year"]), number(video["completions_per_year"]), number(video["utilisation"]),
                number(video["wait_minutes"]), number(hotline["consultations_per_year"]), number(hotline["utilisation"]),
                number(hotline["wait_minutes"]), number(hotline["answer_rate"]), n(s.overload.unservedCompletionsPerYear)]
    }

    /// A readable figure: 3 significant decimals at most.
    static func f(_ x: Double?, _ decimals: Int = 2) -> String {
        guard let x, x.isFinite else { return "–" }
        let scale = pow10(decimals)
        return GeoJSONWriter.number((x * scale).rounded() / scale)
    }

    static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 10 } }

    static func percent(_ x: Double) -> String { f(x * 100, 1) + " %" }

    /// Text from the inputs shown as itself (no Markdown, no links; see `MarkdownText`).
    static func md(_ t: String) -> String { MarkdownText.escape(t) }

    /// Who a minutes figure covers, in words: "residents who can reach a hall: N of M; K cannot reach any".
    static func covered(_ m: MinutesSummary, population: Double, kind: String) -> String {
        "residents who can reach a \(kind): \(f(population - m.unreachablePopulation, 0)) of \(f(population, 0)); \(f(m.unreachablePopulation, 0)) cannot reach any"
    }

    public static func markdown(_ s: RunSummary, sites: [Site], siteResults: [TwinSiteResult]) -> String {
        let d = s.district
        var out = "# \(md(s.scenario)) — \(md(s.districtName))\n\n"
        out += "Travel: \(md(s.travel)). Thresholds: hall \(f(s.hallThresholdMinutes)) min, kiosk \(f(s.kioskThresholdMinutes)) min.\n\n"
        if !s.changes.isEmpty {
            out += "Changes: " + s.changes.map(md).joined(separator: "; ") + ".\n\n"
        }
        out += "## District\n\n| figure | value |\n| --- | --- |\n"
        out += "| residents | \(f(d.population, 0)) in \(d.cells) cells |\n"
        out += "| minutes to the nearest hall (mean / median / p90) | \(f(d.hall.mean)) / \(f(d.hall.median)) / \(f(d.hall.p90)) |\n"
        out += "| who the hall minutes cover | \(covered(d.hall, population: d.population, kind: "hall")) |\n"
        out += "| residents within \(f(s.hallThresholdMinutes)) min of a hall (of all residents) | \(percent(d.hall.shareWithinThreshold)) |\n"
        out += "| minutes to the nearest kiosk (mean / median / p90) | \(f(d.kiosk.mean)) / \(f(d.kiosk.median)) / \(f(d.kiosk.p90)) |\n"
        out += "| who the kiosk minutes cover | \(covered(d.kiosk, population: d.population, kind: "kiosk")) |\n"
        out += "| residents within \(f(s.kioskThresholdMinutes)) min of a kiosk (of all residents) | \(percent(d.kiosk.shareWithinThreshold)) |\n"
        out += "| completions by hall / kiosk / online / video / assisted / unserved | \(percent(d.shareHall)) / \(percent(d.shareKiosk)) / \(percent(d.shareOnline)) / \(percent(d.shareVideo)) / \(percent(d.shareAssisted)) / \(percent(d.shareUnserved)) |\n"
        if d.shareNoApplication > 0 { out += "| completions with no application (反向办, proactive items) | \(percent(d.shareNoApplication)) |\n" }
        out += "| zero-trip share | \(percent(d.zeroTripShare)) |\n"
        out += "| in-person trips per resident-year | \(f(d.tripsPerResidentYear, 3)) |\n"
        out += "| travel minutes per resident-year | \(f(d.travelMinutesPerResidentYear)) |\n"
        out += "| documents per resident-year | \(f(d.documentsPerResidentYear, 3)) |\n"
        out += "| promised days per resident-year | \(f(d.timeLimitDaysPerResidentYear, 3)) |\n"
        if d.inspectionStaffMinutesPerYear > 0 {
            out += "| site-inspection staff minutes per year (demanded completions of inspected items) | \(f(d.inspectionStaffMinutesPerYear, 0)) |\n"
        }
        out += "| gap population (total / elderly / not digital) | \(f(d.gapPopulation, 0)) / \(f(d.gapElderly, 0)) / \(f(d.gapNotDigital, 0)) |\n"
        out += "| travel burden Gini / Theil | \(f(d.giniTravel, 3)) / \(f(d.theilTravel, 3)) |\n"
        out += "| worst / best subdistrict travel burden | \(f(s.worstToBestTravelRatio)) |\n\n"

        out += "Minutes to the nearest site have no travel cut-off; their mean, median and p90 are over the residents who can reach a site of that kind, and those who cannot (off the network, or no path or matrix pair to any) are counted apart. Shares within a threshold are of all residents.\n\n"

        out += "## Subdistricts\n\nEvery subdistrict, in the order of `subdistricts.geojson`; hall minutes over the residents who can reach a hall.\n\n| subdistrict | residents | hall min (mean) | cannot reach a hall | within hall threshold | trips / resident-yr | travel min / resident-yr | gap population |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        for a in s.subdistricts {
            out += "| \(md(a.name)) | \(f(a.population, 0)) | \(f(a.hall.mean)) | \(f(a.hall.unreachablePopulation, 0)) | \(percent(a.hall.shareWithinThreshold)) | \(f(a.tripsPerResidentYear, 3)) | \(f(a.travelMinutesPerResidentYear)) | \(f(a.gapPopulation, 0)) |\n"
        }
        out += "\n## Halls\n\n\(s.halls.halls) halls, \(f(s.halls.completionsPerYear, 0)) completions a year; mean utilisation \(percent(s.halls.meanUtilisation)), highest \(percent(s.halls.maxUtilisation)); mean wait \(f(s.halls.meanWaitMinutes)) min, longest \(f(s.halls.maxWaitMinutes)) min.\n\n"
        if !s.halls.overloaded.isEmpty {
            out += "**Overloaded (utilisation ≥ 1):** \(s.halls.overloaded.map(md).joined(separator: ", ")).\n\n"
        }
        let busiest = zip(sites, siteResults).filter { $0.0.kind == .hall }.sorted {
            $0.1.utilisation > $1.1.utilisation || ($0.1.utilisation == $1.1.utilisation && $0.0.id < $1.0.id)
        }.prefix(10)
        out += "\(ReportText.hallsTableTitle(shown: busiest.count, of: s.halls.halls)):\n\n"
        let peak = s.hourlyQueues
        out += "| hall | tier | windows | completions / yr | utilisation | wait (min) |" + (peak ? " busiest hour | its utilisation | its wait (min) |" : "")
        out += "\n| --- | --- | ---: | ---: | ---: | ---: |" + (peak ? " --- | ---: | ---: |" : "") + "\n"
        for (site, r) in busiest {
            out += "| \(md(site.name)) (\(md(site.id))) | \(site.tier?.rawValue ?? "") | \(site.windows) | \(f(r.completionsPerYear, 0)) | \(percent(r.utilisation)) | \(f(r.waitMinutes)) |"
            out += (peak ? " \(r.peakHourOfWeek.map(WeekSlots.label) ?? "–") | \(percent(r.peakUtilisation)) | \(f(r.peakWaitMinutes)) |" : "") + "\n"
        }
        out += bundlesMarkdown(s.bundles)
        out += ChannelReport.queues(s)
        out += ReportText.placements(s)
        out += demandGroupsSection(s)
        out += "\n## Model\n\n" + ReportText.convergence(s)
        if s.unreachableCells > 0 { out += "\n\(s.unreachableCells) cell(s) could not be placed on the road network (beyond the snap distance): their residents reach no site.\n" }
        if !s.warnings.isEmpty {
            out += "\n## Warnings\n\n" + s.warnings.map { "- " + md($0) }.joined(separator: "\n") + "\n"
        }
        return out + ReportText.glossary
    }
}
