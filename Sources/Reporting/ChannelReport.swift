import Model
import TwinSpace

/// The report.md parts on queues beyond the halls: the hour-by-hour method in one sentence,
/// demand overloaded sites cannot serve, and the video, hotline and online channels.
enum ChannelReport {
    static func queues(_ s: RunSummary) -> String {
        func f(_ x: Double?, _ decimals: Int = 2) -> String { SummaryWriters.f(x, decimals) }
        let percent = SummaryWriters.percent, md = SummaryWriters.md
        var out = ""
        if s.hourlyQueues {
            out += "\nWaits are hour by hour (the district's `arrivals` profile or a site's own): a hall's wait is the mean over its arrivals, its busiest hour the one with the most arrivals; the halls' mean wait in their busiest hour is \(f(s.halls.meanPeakWaitMinutes)) min (completion-weighted), the longest \(f(s.halls.maxPeakWaitMinutes)) min.\n"
        }
        let o = s.overload
        if o.unservedCompletionsPerYear > 0 {
            out += "\n**Demand overloaded sites cannot serve:** \(f(o.unservedCompletionsPerYear, 0)) completions a year (\(percent(o.shareOfDemand)) of all demanded), at \(o.sites.map(md).joined(separator: ", ")): more than their windows can do in their open hours, even after the residents who can go elsewhere did. As residents, that is \(f(o.residentEquivalents, 0)) residents' whole year of items.\n"
            out += overloadInCells(o)
        }
        guard !s.channels.isEmpty else { return out }
        out += "\n## Channels\n\nLoads and queues of the remote channels (hotline consultations are reported, not fed back into the choice).\n\n"
        out += "| channel | kind | completions / yr | consultations / yr | utilisation | wait (min) | busiest hour | its wait (min) | calls answered |\n"
        out += "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |\n"
        for c in s.channels {
            let r = c.result, remote = c.kind != .online
            let answered = c.kind == .hotline ? r.answerRate.map(percent) ?? "–" : ""
            out += "| \(md(c.id)) | \(c.kind.rawValue)\(r.available ? "" : " (closed in the activity window)") | \(f(r.completionsPerYear, 0)) | \(f(r.consultationsPerYear, 0)) | \(remote ? percent(r.utilisation) : "") | \(remote ? f(r.waitMinutes) : "") | \(remote ? r.peakHourOfWeek.map(WeekSlots.label) ?? "–" : "") | \(remote ? f(r.peakWaitMinutes) : "") | \(answered) |\n"
        }
        for c in s.channels where c.kind == .hotline && !c.result.answerRateByHour.isEmpty {
            let hours = c.result.answerRateByHour.enumerated().compactMap { h, rate in
                rate.map { "\(h < 10 ? "0" : "")\(h):00 \(percent($0))" }
            }
            out += "\nHotline \(md(c.id)), calls answered by hour of the day (calls follow the residents' day over the activity window; those placed while it is closed, or beyond its seats, are not answered): \(hours.joined(separator: ", ")).\n"
        }
        return out
    }
}

extension ChannelReport {
    /// Who the overload is given to, and how the gap counts it.
    static func overloadInCells(_ o: OverloadSummary) -> String {
        func f(_ x: Double) -> String { SummaryWriters.f(x, 0) }
        var out = "Each overloaded site's unserved completions are given to the cells whose residents it serves, in proportion to the completions each cell sends there at the final waits: \(f(o.shares.residentsCompletionsPerYear)) a year to residents' cells"
        if o.shares.establishmentsCompletionsPerYear > 0 { out += ", \(f(o.shares.establishmentsCompletionsPerYear)) to establishments (in no cell)" }
        if o.shares.unattributedCompletionsPerYear > 0 {
            out += ", \(f(o.shares.unattributedCompletionsPerYear)) at sites no cell's final choice sends demand to (district-wide only)"
        }
        out += ". The gap population counts them: \(f(o.gapPopulation)) residents (a cell's unserved completions of items that are not already a gap for the resident, over the completions per resident-year), beside the residents out of reach.\n"
        return out
    }
}

