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
/// - **Items as modelled** (`TwinRules.modelled`). Every in-person trip below is an expected
///   one: with the item's failed-visit probability p (来回跑) planned trips / (1 − p). A site
///   inspection (现场勘查) is staff minutes (reported apart, not window time) and days added to
///   the promised time, and a resident trip only when the resident must attend at a hall
///   (`inspectionAtHall`: one more `trips_online`). A proactive item (反向办) counts in the demand
///   but takes no option: no application, no trip, no documents.
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
///     option above — an item keeps its in-person trips (`trips_online`) when done online. With
///     `trips_online > 0` and no capable hall reachable the option is unavailable;
///   - video: the available video channel handling the item with the least
///     `handling_minutes + wait`; cost that plus `trips_online × (2·tⱼ + wⱼ)`. Who may use it is
///     `TwinParameters.videoAccess`: the digital segment (default), also the not digital at
///     the reachable community hall `d` minimising `2·t_d + w_d` (a video desk: cost plus
///     that, one trip more), or everyone from home;
///   - assisted (帮办代办 / 收件-转办, both segments, with `TwinParameters.assisted`): the
///     reachable hall `f` of a hand-in tier that cannot complete the item and has a back office
///     for it (`TwinRules.backOffice`), minimising `2·t_f + w_f`; cost `trips × (2·t_f + w_f)`,
///     trips 1 (posted) or 2 (collected); `f` is loaded with `front_minutes`, the back office
///     with the item's handling minutes. Video desks and hand-ins enter a logit with their best
///     site only.
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
/// - **Fixed point.** The state is the *averaged* loads (completions and handling minutes per
///   site, completions per video channel) and the averaged cell figures, starting at zero. Each
///   evaluation `k` makes the choice at the queue waits of the averaged loads, then moves the
///   averaged loads and cell figures `s_k` of the way to that choice's: `s_1 = s_2 = 1` (the
///   first choice, made at zero waits, is replaced whole by the second), then
///   `s_k = min(h_k, 4·damping/(k + 1))` (default damping 0.5: at most `2/(k + 1)`, the choices
///   weighted 1, 2, 3, …), where `h_k` starts at 1 and halves whenever that step would move the
///   waits back against the previous step's move (the dot product of the two moves of the
///   waits of sites and video channels is negative: the loads overshot a split; the steps then
///   close in on it as a bisection does). The waits decide, not the loads: a large load swinging
///   at a queue whose wait does not move (at the cap, or lightly loaded) no longer outweighs the
///   single sites whose waits turn back. Converged when that step moved no site's or video
///   channel's wait by more than the tolerance. Why it settles: the steps
///   shrink to 0, so the loads change by at most `s_k ×` the total demand and the (capped,
///   continuous) waits stop moving. Settling is not the equilibrium, near saturation least:
///   there Erlang C's wait is steep (one server: `dW/dρ = s/(1 − ρ)²`, 19,000 min at ρ = 0.975
///   and 12-minute handling), so a step that moves a queue's load by 0.01 % still moves its
///   wait by tens of minutes, and the waits settle only once the halvings have made the steps
///   that small; the halved steps then sum to little, and a queue whose choice stays on one side
///   (its load drifting by the step at each evaluation) can be left short of its split. Criteria
///   judged on a step's load move or on a wait's relative move were tried for such queues and
///   rejected: they report convergence with waits 100 min or more from the equilibrium
///   (`SteepQueueFixedPointTests`). The averaged state is a mixture: residents at the margin
///   between two sites split between them in the proportions of the averaged choices, which a
///   single choice (every cell wholly at its cheapest site) cannot do — the reason the choice
///   alone keeps oscillating. The result: when converged and the last choice's own loads give
///   the waits it was made at (within the tolerance), that choice (a single-choice
///   equilibrium); otherwise the averaged state (its cell figures, loads and queues, which
///   agree). At most `maxIterations` evaluations, convergence reported either way.
/// - **Coverage and gaps.** A cell is covered by halls (kiosks) when the nearest available hall
///   (kiosk) it may use is within the threshold; that nearest is `TwinInput.nearest` when given
///   (no cut-off), else the nearest in the cell's travel row. An option is *within reach* when it is
///   available to the segment and its in-person trips are 0 or the nearest capable site of its
///   kind (for online/video: the nearest capable hall) is within that kind's threshold. An item
///   is a gap for a segment when no option is within reach (waits and capacity do not enter).
///   Gap population of a segment = its population × the demand-weighted share of its gap items;
///   elderly and not-digital gaps use the segment split above.
/// - **Overload.** A site's completions beyond its capacity (`TwinSiteResult`
///   `unservedCompletionsPerYear`) are given, after the fixed point, to the cells that send it
///   demand in the choice at the final waits, in proportion to what each sends
///   (`Prepared.siteSends`; cells reaching no overloaded site skipped). A cell's unserved
///   completions ÷ completions per resident-year are its overload residents; those of items that
///   are not already a gap for the segment are added to its gap population (per segment, as the
///   gap). Establishments' part stays theirs; a site no cell sends to keeps its excess apart
///   (`TwinOverloadShares`). Without an overloaded site nothing changes.
///
/// Where the rules live: `TwinRules` states availability, segments, eligibility, the district
/// rule and the generalized costs once; `TwinChoice` is the choice written as these rules read
/// (the reference), `Prepared.runChunk` (with a logit) and `Prepared.runCheapestChunk` (without)
/// the fast kernels tests compare with it; the twin siting objective (`TwinSitingTerms`) calls
/// the same rules.
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
        var result = model.solve(parameters, onIteration: onIteration, cells: { cellBuffer.array() },
                                 move: { cellBuffer.move(&$0, step: $1, threads: parameters.threads) }) { waits in
            model.evaluate(waits: waits, threads: parameters.threads, cells: cellBuffer)
        }
        if let overloaded = overloadedSites(result) {
            let waits = Prepared.finalWaits(result)
            attributeOverload(&result, sources: [model.overloadSource(overloaded: overloaded, waits: waits,
                                                                      threads: parameters.threads, isResidents: true)])
        }
        return result
    }

    /// `solve` with the reference choice (`TwinChoice`) in place of the kernel, for tests.
    static func solveReference(_ input: TwinInput, parameters: TwinParameters = TwinParameters())
        throws(TwinSpaceError) -> TwinResult {
        try validate(input, parameters)
        let model = Prepared(input, parameters)
        let reference = TwinChoice(input, parameters)
        var cells: [TwinCellResult] = []
        var result = model.solve(parameters, onIteration: nil, cells: { cells }) { waits in
            let evaluation = reference.evaluate(waits: waits)
            cells = evaluation.cells
            return evaluation.loads
        }
        if let overloaded = overloadedSites(result) {
            // Every cell's sends by the reference (no cells skipped), the same attribution.
            var source = model.overloadSource(overloaded: overloaded, waits: Prepared.finalWaits(result), threads: 1,
                                              isResidents: true)
            var waits = Prepared.finalWaits(result)
            for k in input.channels.indices where input.channels[k].kind != .video { waits[input.sites.count + k] = 0 }
            source.sends = input.cells.indices.map { c in reference.siteSends(cell: c, waits: waits).filter { overloaded[$0.site] } }
            attributeOverload(&result, sources: [source])
        }
        return result
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
    /// at those waits and returns its loads; `cells()` gives that choice's cell figures after it,
    /// and `move(&mixture, step)`, when given, moves the averaged cell figures towards them in
    /// place of `TwinCellResult.move(&mixture, towards: cells(), step:)` (without the copy).
    func solve(_ parameters: TwinParameters, onIteration: ((Int, Double) -> Void)?,
               cells: () -> [TwinCellResult], move: ((inout [TwinCellResult], Double) -> Void)? = nil,
               evaluate: ([Double]) -> Loads) -> TwinResult {
        // The averaged state: loads and cell figures, the weighted mean of all choices so far.
        var averaged = Loads(siteCount: siteCount, channelCount: channels.count)
        var mixture: [TwinCellResult] = []
        var queues = self.queues(averaged)
        var iterations = 0, change = 0.0, bestResponseChange = 0.0
        var converged = false
        var lastMove: [Double] = [], scale = 1.0
        var choice: Loads
        repeat {
            iterations += 1
            let waits = queues.waits
            choice = evaluate(waits)
            let (step, moved, movedQueues) = stepTowards(choice, from: averaged, waits: waits, lastMove: lastMove,
                                                         scale: &scale, mayHalve: iterations > 2,
                                                         cap: Self.averagingStep(iteration: iterations, damping: parameters.damping))
            lastMove = Self.moves(from: waits, to: movedQueues.waits)
            averaged = moved
            if let move { move(&mixture, step) } else { TwinCellResult.move(&mixture, towards: cells(), step: step) }
            queues = movedQueues
            change = Self.largestChange(queues.waits, waits)
            bestResponseChange = Self.largestChange(self.queues(choice).waits, waits)
            onIteration?(iterations, change)
            if change <= parameters.toleranceMinutes { converged = true; break }
        } while iterations < parameters.maxIterations
        let convergence = TwinConvergence(converged: converged, iterations: iterations, lastMaxChangeMinutes: change,
                                          bestResponseChangeMinutes: bestResponseChange)
        // The last choice is itself an equilibrium (its own loads give the waits it was made at):
        // report it whole, without the early choices the average still carries.
        if converged && bestResponseChange <= parameters.toleranceMinutes {
            mixture = [] // not reported: freed before the last choice's figures are copied out
            let own = self.queues(choice)
            return TwinResult(cells: cells(), sites: siteResults(choice, own), channels: channelResults(choice, own),
                              convergence: convergence, capabilityGroups: groupCount,
                              items: ItemSums.results(choice.itemSums, items: itemList, population: demand.population))
        }
        return TwinResult(cells: mixture, sites: siteResults(averaged, queues), channels: channelResults(averaged, queues),
                          convergence: convergence,
                          capabilityGroups: groupCount,
                          items: ItemSums.results(averaged.itemSums, items: itemList, population: demand.population))
    }

    /// The averaged loads moved `min(scale, cap)` of the way towards `choice`, and their queues;
    /// `scale` first halves when that step would move the waits (sites and video channels, at
    /// the queues of the loads) back against `lastMove`, the last step's move: the loads
    /// overshot a split, and the steps then close in on it as a bisection does. Waits, not
    /// loads, decide: a large load swinging at a capped or lightly loaded queue moves no wait
    /// and must not outweigh the sites whose waits turn. Only when `mayHalve` (not while the
    /// steps are 1).
    func stepTowards(_ choice: Loads, from averaged: Loads, waits: [Double], lastMove: [Double],
                     scale: inout Double, mayHalve: Bool, cap: Double) -> (step: Double, loads: Loads, queues: QueueFigures) {
        var step = min(scale, cap)
        var moved = averaged.moved(towards: choice, step: step)
        var movedQueues = queues(moved)
        if mayHalve && Self.dot(Self.moves(from: waits, to: movedQueues.waits), lastMove) < 0 {
            scale /= 2
            if scale < step {
                step = scale
                moved = averaged.moved(towards: choice, step: step)
                movedQueues = queues(moved)
            }
        }
        return (step, moved, movedQueues)
    }

    /// The step towards evaluation `k`'s choice: 1 at the first two, then `min(1, 4·damping/(k + 1))`
    /// — with the default damping 0.5 the weights of the choices grow as 1, 2, 3, … (the
    /// averaged state is their k-weighted mean), so early choices made at wrong waits fade as
    /// 1/k² while the steps still shrink to 0 and sum to infinity. The first choice, made at
    /// zero waits (no queue anywhere), is replaced whole by the second: kept in the average, it
    /// stayed there with the weight the halved steps left it (a quarter or more), piling
    /// residents on an overloaded hall that, at its waits, no one would choose.
    static func averagingStep(iteration k: Int, damping: Double) -> Double {
        k <= 2 ? 1 : min(1, 4 * damping / Double(k + 1))
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count else { return 0 }
        var sum = 0.0
        for k in a.indices { sum += a[k] * b[k] }
        return sum
    }

    /// How each wait moves from `before` to `after`.
    static func moves(from before: [Double], to after: [Double]) -> [Double] {
        zip(before, after).map { $1 - $0 }
    }

    /// The largest absolute difference between two wait vectors.
    static func largestChange(_ a: [Double], _ b: [Double]) -> Double {
        var change = 0.0
        for k in a.indices { change = max(change, abs(a[k] - b[k])) }
        return change
    }

    func siteResults(_ loads: Loads, _ queues: QueueFigures) -> [TwinSiteResult] {
        (0..<siteCount).map { j in
            let completions = loads.siteCompletions[j]
            let state = queues.siteStates[j], peak = queues.sitePeaks[j]
            let service = completions > 0 ? loads.siteHandlingMinutes[j] / completions : 0
            let capacity = service > 0 ? Double(siteWindows[j] * siteOpenMinutes[j]) * TwinModel.weeksPerYear / service : .infinity
            return TwinSiteResult(
                available: sites.available[j], openMinutesPerWeek: siteOpenMinutes[j],
                completionsPerYear: completions, meanServiceMinutes: service,
                utilisation: state.utilisation, waitProbability: state.waitProbability,
                waitMinutes: state.waitMinutes, overloaded: state.overloaded,
                peakHourOfWeek: peak.flatMap { $0.peakHour >= 0 ? $0.peakHour : nil },
                peakUtilisation: peak?.peakUtilisation ?? 0, peakWaitMinutes: peak?.peakWaitMinutes ?? 0,
                unservedCompletionsPerYear: max(0, completions - capacity))
        }
    }

    func channelResults(_ loads: Loads, _ queues: QueueFigures) -> [TwinChannelResult] {
        channels.indices.map { k in
            let state = queues.channelStates[k], peak = queues.channelPeaks[k]
            let answers = answerRates(channel: k, figures: peak)
            return TwinChannelResult(
                available: channelAvailable[k], openMinutesPerWeek: channelOpenMinutes[k],
                completionsPerYear: loads.channelCompletions[k],
                consultationsPerYear: queues.consultations[k],
                utilisation: state.utilisation, waitProbability: state.waitProbability,
                waitMinutes: state.waitMinutes, overloaded: state.overloaded,
                peakHourOfWeek: peak.flatMap { $0.peakHour >= 0 ? $0.peakHour : nil },
                peakUtilisation: peak?.peakUtilisation ?? 0, peakWaitMinutes: peak?.peakWaitMinutes ?? 0,
                answerRateByHour: answers.byHour, answerRate: answers.overall)
        }
    }
}
