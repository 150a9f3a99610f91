import TwinSpace

/// `summary.json`'s `demand_groups` and `report.md`'s "Demand groups" section: who seeks services
/// when (time-of-day segments), and the establishments' business demand. Both are absent when
/// the district configures neither (the outputs keep their bytes).
extension SummaryWriters {
    static func demandGroups(_ s: RunSummary) -> [(String, OrderedJSON)] {
        guard !s.demandGroups.isEmpty else { return [] }
        let groups: [OrderedJSON] = s.demandGroups.map { g in
            .object([
                ("id", .string(g.id)), ("hours", .string(g.hours)),
                (g.id == "establishments" ? "establishments" : "population", .number(g.population)),
                ("completions_per_year", .number(g.completionsPerYear)),
                ("channel_shares", .object([("hall", .number(g.shareHall)), ("kiosk", .number(g.shareKiosk)),
                                            ("online", .number(g.shareOnline)), ("video", .number(g.shareVideo)),
                                            ("unserved", .number(g.shareUnserved))])),
                ("trips_per_year", .number(g.tripsPerYear)),
                ("gap_population", .number(g.gapPopulation)),
                ("hall_completions_per_year", .number(g.hallCompletionsPerYear)),
                ("hotline_calls_per_year", .number(g.hotlineCallsPerYear)),
                ("hotline_calls_unanswered_per_year", .number(g.hotlineCallsUnansweredPerYear)),
            ])
        }
        return [("demand_groups", .array(groups))]
    }

    static func demandGroupsSection(_ s: RunSummary) -> String {
        guard !s.demandGroups.isEmpty else { return "" }
        var out = "\n## Demand groups\n\n"
        out += "Each group seeks services only inside its own weekly window: a hall, kiosk or channel whose hours do not overlap it does not exist for the group. Gap population here is the group's own (establishments: establishments with a gap).\n\n"
        out += "| group | hours | residents / establishments | completions / yr | hall / kiosk / online / video / unserved | gap | hall completions / yr | hotline calls / yr (unanswered) |\n"
        out += "| --- | --- | ---: | ---: | --- | ---: | ---: | ---: |\n"
        for g in s.demandGroups {
            let shares = [g.shareHall, g.shareKiosk, g.shareOnline, g.shareVideo, g.shareUnserved].map(percent).joined(separator: " / ")
            out += "| \(g.id) | \(md(g.hours)) | \(f(g.population, 0)) | \(f(g.completionsPerYear, 0)) | \(shares) | \(f(g.gapPopulation, 0)) | \(f(g.hallCompletionsPerYear, 0)) | \(f(g.hotlineCallsPerYear, 0)) (\(f(g.hotlineCallsUnansweredPerYear, 0))) |\n"
        }
        if let firms = s.demandGroups.first(where: { $0.id == "establishments" }) {
            let share = s.halls.completionsPerYear > 0 ? firms.hallCompletionsPerYear / s.halls.completionsPerYear : 0
            out += "\nThe district, subdistrict and cell figures above count **residents only**. The \(f(firms.population, 0)) establishments' \(f(firms.completionsPerYear, 0)) business completions a year load the halls, kiosks and channels beside them: \(f(firms.hallCompletionsPerYear, 0)) of the halls' \(f(s.halls.completionsPerYear, 0)) completions (\(percent(share))), and the halls' utilisation and waits include them.\n"
        }
        return out
    }
}
