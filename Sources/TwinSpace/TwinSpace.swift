import Model

/// The twin-space model: channel choice of every cell's residents between halls, kiosks, online
/// and video channels, the queues that choice creates, and the coverage and gaps that result.
///
/// ## Rules (these are the definitions)
/// - **Segments.** Each cell splits into a *digital* segment (share `digitalShare`) and a *not
///   digital* one (`1 − digitalShare`). Being elderly is an attribute. With
///   `elderlyAdoptionRatio` r (the district's elderly over adult adoption) the cell's digital
///   share is split between adults and elderly in that ratio: adults adopt at
///   `a = digital / ((1 − elderly) + elderly·r)`, the elderly at `min(1, r·a)`, so the elderly
///   digital are `elderly · min(1, r·a)` of the cell and the rest of `elderly` are not digital.
///   Without a ratio, the elderly not digital are `min(elderly, 1 − digital)` (the not-digital
///   taken to be elderly first).
/// - **Demand.** Completions per year of an item by a segment = segment population ×
///   `perThousandPerYear / 1000`. Demand arises in the activity window (`ActivityWindow`).
/// - **Availability.** A site is available when it has ≥ 1 window and is open some minute of
///   the activity window; an online channel when open in the window; a video channel when open
///   in the window with ≥ 1 agent. Unavailable ones are ignored. A hall may serve a cell only if
///   the 跨区通办 rule allows it (`TwinParameters.crossDistrict`).
/// - **Options and costs** (minutes per completion) for (cell, segment, item), with `t` one-way
///   travel minutes and `w` the current expected wait:
///   - hall: the reachable capable hall `j` minimising `2·tⱼ + wⱼ`; cost `trips_hall × (2·tⱼ + wⱼ)`;
///   - kiosk: the same over capable kiosks, cost `trips_kiosk × (2·tₖ + wₖ)`; a kiosk is a queue
///     like a hall (its `windows` machines as servers, the item's handling minutes as service);
///   - online (digital segment only): the available online channel handling the item with the
///     least `effort_minutes`; cost `effort + trips_online × (2·tⱼ + wⱼ)` with `j` the hall
///     option above — a 现场勘查 item keeps its in-person trips when done online. With
///     `trips_online > 0` and no capable hall reachable the option is unavailable;
///   - video (both segments: staff-assisted): the available video channel handling the item with
///     the least `handling_minutes + wait`; cost that plus `trips_online × (2·tⱼ + wⱼ)`.
///   The cheapest option wins, ties in `ChannelChoice` order. With a logit scale θ the
///   completions split `∝ exp(−θ·cost)` over all available options: every eligible capable hall
///   and kiosk of the row (cost `trips × (2·t + w)` each), the best online channel and the best
///   video channel (the in-person part of online/video stays at the best hall). This flat logit
///   is computed per kind through logsums: a kind's weight is `Σ exp(−θ·costₛ)` over its sites,
///   and its completions go to its sites in proportion to their terms; reported cost and travel
///   are the expected ones.
///   In-person trips of online and video completions count as trips and travel but do not load
///   hall windows (the case is handled remotely).
/// - **Queues.** Per site: arrival rate `λ` = completions chosen per week / minutes per week open
///   inside the activity window (52 1/7 weeks a year); service `s` = demand-weighted mean
///   handling minutes; `c` = windows; the wait is Erlang C's `Wq` (`Queueing`), capped at
///   `waitCapMinutes`, and exactly the cap with the site flagged overloaded when `λ·s/c ≥ 1`.
///   Video channels likewise (agents, the channel's handling minutes). Hotlines: consultations =
///   demanded completions × `consult_per_completion`, seats, the channel's handling minutes —
///   reported, not fed back.
/// - **Fixed point.** The state is the loads (completions and handling minutes per site,
///   completions per video channel), starting at zero. Each evaluation takes the queue waits of
///   the current loads, makes the choice at those waits, and computes the queue waits of the
///   loads that choice creates; it has converged when no site's or video channel's wait differs
///   between the two by more than the tolerance. Otherwise the loads move towards the new ones,
///   `loads += s_k × (new − loads)` with `s_k = min(1, 2·damping / k)` at evaluation `k` — with
///   the default damping 0.5 the method of successive averages (the loads are the mean of all
///   choices so far), which settles the oscillation of steep queues near saturation that a
///   fixed step keeps alive. At most `maxIterations` evaluations, and fewer when the change has
///   not improved by 5 % for `stallIterations` evaluations (whole cells switching between two
///   sites can keep a gap that averaging never closes: the run then stops and says it stalled);
///   the result is the last evaluation (its choice, loads and queues), its convergence reported
///   either way.
/// - **Coverage and gaps.** A cell is covered by halls (kiosks) when the nearest available hall
///   (kiosk) it may use is within the threshold; that nearest is `TwinInput.nearest` when given
///   (no cut-off), else the nearest in the cell's travel row. An option is *within reach* when it is
///   available to the segment and its in-person trips are 0 or the nearest capable site of its
///   kind (for online/video: the nearest capable hall) is within that kind's threshold. An item
///   is a gap for a segment when no option is within reach (waits and capacity do not enter).
///   Gap population of a segment = its population × the demand-weighted share of its gap items;
///   elderly and not-digital gaps use the segment split above.
///
/// Where the rules live: `TwinRules` states availability, segments, eligibility, the district
/// rule and the generalized costs once; `TwinChoice` is the choice written as these rules read
/// (the reference), `Prepared.runChunk` the fast kernel a test compares with it; the twin siting
/// objective (`TwinSitingTerms`) calls the same rules.
///
/// Grouping: items with the same set of capable available sites form a capability group; the
/// best hall and kiosk of a cell are found once per group from the cell's sparse travel row,
/// never by a per-item loop over sites. Cells are processed in fixed chunks whose partial sums
/// are added in chunk order, so results are bit-identical for any thread count.
public enum TwinModel {
    /// Weeks per year used to turn yearly completions into weekly arrivals.
    public static let weeksPerYear = 365.0 / 7.0
    /// Cells per chunk of the parallel pass (fixed: it decides the summation order).
    static let chunkCells = 2048

    /// Runs the model. Throws when the input arrays are inconsistent (see `TwinSpaceError`).
    /// `onIteration(k, change)` is told after each evaluation (for progress display only).
    public static func solve(_ input: TwinInput, parameters: TwinParameters = TwinParameters(),
                             onIteration: ((Int, Double) -> Void)? = nil)
        throws(TwinSpaceError) -> TwinResult {
        try validate(input, parameters)
        if DemandGroups.needed(input, parameters) {
            return solveGroups(input, parameters: parameters, onIteration: onIteration)
        }
        let model = Prepared(input, parameters)
        let cellBuffer = CellBuffer(count: input.cells.count)
        return model.solve(parameters, onIteration: onIteration, cells: { cellBuffer.array() }) { waits in
            model.evaluate(waits: waits, threads: parameters.threads, cells: cellBuffer)
        }
    }

    /// `solve` with the reference choice (`TwinChoice`) in place of the kernel, for tests.
    static func solveReference(_ input: TwinInput, parameters: TwinParameters = TwinParameters())
        throws(TwinSpaceError) -> TwinResult {
        try validate(input, parameters)
        let model = Prepared(input, parameters)
        let reference = TwinChoice(input, parameters)
        var cells: [TwinCellResult] = []
        return model.solve(parameters, onIteration: nil, cells: { cells }) { waits in
            let evaluation = reference.evaluate(waits: waits)
            cells = evaluation.cells
            return evaluation.loads
        }
    }

    // MARK: - Nearest sites

    /// The uncapped nearest-site minutes of `TwinInput.nearest`, by the model's own rules: for
    /// halls the available halls that may serve the cell (under the district rule, those of
    /// the cell's district), for kiosks the available kiosks. `search(sites)` gives the minutes
    /// from every cell to the nearest of `sites` (indices into `input.sites`), `.infinity` where
    /// none is reachable; it is called once per kiosk set and once per district's hall set.
    public static func nearestMinutes(_ input: TwinInput, parameters: TwinParameters,
                                      search: ([Int]) throws -> [Double]) rethrows -> TwinNearestMinutes {
        let n = input.cells.count
        let window = parameters.activityWindow
        let available = input.sites.map { TwinRules.siteAvailable($0, window: window) }
        func sites(_ kind: SiteKind, district: Int?) -> [Int] {
            input.sites.indices.filter { j in
                guard available[j], input.sites[j].kind == kind else { return false }
                guard let district, let siteDistrict = input.siteDistrict, j < siteDistrict.count else { return true }
                return TwinRules.hallMayServe(cellDistrict: district, hallDistrict: siteDistrict[j], crossDistrict: false)
            }
        }
        let kiosk = try search(sites(.kiosk, district: nil))
        guard !parameters.crossDistrict, let cellDistrict = input.cellDistrict, cellDistrict.count == n else {
            return TwinNearestMinutes(hall: try search(sites(.hall, district: nil)), kiosk: kiosk)
        }
        var hall = [Double](repeating: .infinity, count: n)
        for district in Set(cellDistrict).sorted() {
            let minutes = try search(sites(.hall, district: district))
            // A short answer leaves NaN, which `solve` rejects (as it rejects a short array).
            for c in 0..<n where cellDistrict[c] == district { hall[c] = c < minutes.count ? minutes[c] : .nan }
        }
        return TwinNearestMinutes(hall: hall, kiosk: kiosk)
    }
}

extension Prepared {
    /// The wait fixed point (see `TwinModel`, Fixed point): `evaluate(waits)` makes the choice
    /// at those waits and returns its loads (its cell figures are what `cells()` gives after).
    func solve(_ parameters: TwinParameters, onIteration: ((Int, Double) -> Void)?,
               cells: () -> [TwinCellResult], evaluate: ([Double]) -> Loads) -> TwinResult {
        // Averaged loads (the iteration's state); their queue waits drive the next choice.
        var averaged = Loads(siteCount: siteCount, channelCount: channels.count)
        var iterations = 0
        var lastChange = 0.0
        var converged = false
        // Stall detection: the best change so far and when it last improved by 5 %.
        var bestChange = Double.infinity
        var lastImprovement = 0
        var stalled = false
        var loads: Loads
        var queues: QueueFigures
        repeat {
            iterations += 1
            let waits = self.queues(averaged).waits
            loads = evaluate(waits)
            queues = self.queues(loads)
            var change = 0.0
            for k in waits.indices { change = max(change, abs(queues.waits[k] - waits[k])) }
            lastChange = change
            onIteration?(iterations, change)
            if change <= parameters.toleranceMinutes { converged = true; break }
            if iterations >= parameters.maxIterations { break }
            if change < 0.95 * bestChange { bestChange = change; lastImprovement = iterations }
            if iterations - lastImprovement >= parameters.stallIterations { stalled = true; break }
            averaged.move(towards: loads, step: min(1, 2 * parameters.damping / Double(iterations)))
        } while true
        return TwinResult(cells: cells(), sites: siteResults(loads, queues), channels: channelResults(loads, queues),
                          convergence: TwinConvergence(converged: converged, stalled: stalled, iterations: iterations,
                                                       lastMaxChangeMinutes: lastChange),
                          capabilityGroups: groupCount)
    }

    func siteResults(_ loads: Loads, _ queues: QueueFigures) -> [TwinSiteResult] {
        (0..<siteCount).map { j in
            let completions = loads.siteCompletions[j]
            let state = queues.siteStates[j]
            return TwinSiteResult(
                available: sites.available[j], openMinutesPerWeek: siteOpenMinutes[j],
                completionsPerYear: completions,
                meanServiceMinutes: completions > 0 ? loads.siteHandlingMinutes[j] / completions : 0,
                utilisation: state.utilisation, waitProbability: state.waitProbability,
                waitMinutes: state.waitMinutes, overloaded: state.overloaded)
        }
    }

    func channelResults(_ loads: Loads, _ queues: QueueFigures) -> [TwinChannelResult] {
        channels.indices.map { k in
            let state = queues.channelStates[k]
            return TwinChannelResult(
                available: channelAvailable[k], openMinutesPerWeek: channelOpenMinutes[k],
                completionsPerYear: loads.channelCompletions[k],
                consultationsPerYear: queues.consultations[k],
                utilisation: state.utilisation, waitProbability: state.waitProbability,
                waitMinutes: state.waitMinutes, overloaded: state.overloaded)
        }
    }
}
