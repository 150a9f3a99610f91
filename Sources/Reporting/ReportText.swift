import Model

/// The parts of `report.md` that explain rather than list: what the model's convergence means,
/// where optimize placed its sites, and a glossary of the figures a planner may not know.
enum ReportText {
    /// Title of the halls table: what it lists.
    static func hallsTableTitle(shown: Int, of halls: Int) -> String {
        shown < halls ? "The \(shown) halls with the highest utilisation" : "All \(halls) halls, highest utilisation first"
    }

    /// The fixed point of waits, in words: what converged means, and what to make of a run that did not.
    static func convergence(_ s: RunSummary) -> String {
        let c = s.convergence, f = SummaryWriters.f
        let tolerance = f(s.convergenceToleranceMinutes, 3), last = f(c.lastMaxChangeMinutes, 3)
        let why = "Queue waits depend on how many residents choose each hall (and video channel), and the choice depends on the waits: the run repeats choice and queues, averaging the choices (later ones weigh more), until no wait moves by more than \(tolerance) min; residents at the margin between two halls then split between them."
        if c.converged {
            return "Queue waits **converged** after \(c.iterations) evaluation(s) (last change \(last) min). \(why)\n"
        }
        return "Queue waits **did not converge** within \(c.iterations) evaluations (last change \(last) min). \(why) The figures are those of the averaged choices so far: waits, and the choices between halls that depend on them, were still moving by up to \(last) min a step and may be further than that from the equilibrium (most at queues near saturation, where a wait moves tens of minutes for a small change of load); travel minutes, coverage and gaps of residents far from any site are not affected.\n"
    }

    /// The sites optimize steps placed, with their coordinates and subdistrict.
    static func placements(_ s: RunSummary) -> String {
        guard !s.placements.isEmpty else { return "" }
        let md = SummaryWriters.md
        var out = "\n## Sites placed by optimize\n\nThe \(s.placements.count) site(s) the scenario's optimize steps added, where they are (WGS 84):\n\n"
        out += "| site | kind | longitude | latitude | subdistrict |\n| --- | --- | ---: | ---: | --- |\n"
        for p in s.placements {
            let kind = p.kind == .hall ? "hall (\(p.tier?.rawValue ?? "street"))" : p.kind.rawValue
            let sub = p.subdistrictName.map { "\(md($0)) (\(md(p.subdistrictId ?? "")))" } ?? "in no subdistrict"
            out += "| \(md(p.id)) | \(kind) | \(SummaryWriters.f(p.location.x, 6)) | \(SummaryWriters.f(p.location.y, 6)) | \(sub) |\n"
        }
        return out
    }

    static let glossary = """

    ## Glossary

    - **Per resident-year**: a figure summed over every item a resident does in a year (the catalogue's demand per 1,000 residents), averaged over all residents.
    - **In-person trips**: expected visits to a hall or kiosk; an online or video completion may still need one (to show originals, or an inspection the resident must attend at a hall). A visit that fails (来回跑, the item's failed-visit probability p) is made again: planned trips / (1 − p).
    - **Site-inspection staff minutes**: staff time of 现场勘查 (staff go to the site); it adds days to the promised time, not trips, unless the resident must attend at a hall.
    - **Travel minutes**: the round trips of those visits, door to site and back.
    - **Promised days**: the time limit the catalogue promises for each item (承诺时限), summed over the items done; fewer promised days mean answers sooner.
    - **Zero-trip share**: the share of completions that need no trip at all (online or video, no inspection).
    - **Gap population**: residents whose items no channel they can use completes within the thresholds, weighted by the demand share of those items, plus the residents standing for the completions an overloaded site cannot serve (of items that are otherwise within their reach); a **gap cell** is one where that is half or more of its residents.
    - **Travel burden Gini**: inequality of travel minutes per resident-year between residents (cells weighted by population): 0 when everyone travels the same, towards 1 when a few carry all of it.
    - **Travel burden Theil**: the same inequality as an entropy index: 0 when equal, larger when unequal (no upper bound of 1); unlike Gini it splits exactly into the inequality within and between subdistricts.
    - **Utilisation**: a hall's yearly work (completions × handling minutes) over its window-minutes open; 100 % or more is overloaded, its queue grows without end.

    """
}
