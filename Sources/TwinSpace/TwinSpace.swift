import Dispatch
import Model
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
        let model = Prepared(input, parameters)
        let hot = HotArrays(model)
        let cellBuffer = CellBuffer(count: input.cells.count)
        let siteCount = input.sites.count
        let channelCount = input.channels.count

        // Averaged loads (the iteration's state); their queue waits drive the next choice.
        var averaged = Loads(siteCount: siteCount, channelCount: channelCount)
        var iterations = 0
        var lastChange = 0.0
        var converged = false
        var step = 1.0
        // Stall detection: the best change so far and when it last improved by 5 %.
        var bestChange = Double.infinity
        var lastImprovement = 0
        var stalled = false
        var evaluation: Evaluation
        var queues: QueueFigures
        repeat {
            iterations += 1
            let waits = model.queues(averaged).waits
            evaluation = model.evaluate(waits: waits, threads: parameters.threads, hot: hot, cells: cellBuffer)
            queues = model.queues(evaluation.loads)
            var change = 0.0
            for k in waits.indices { change = max(change, abs(queues.waits[k] - waits[k])) }
            lastChange = change
            onIteration?(iterations, change)
            if change <= parameters.toleranceMinutes { converged = true; break }
            if iterations >= parameters.maxIterations { break }
            if change < 0.95 * bestChange { bestChange = change; lastImprovement = iterations }
            if iterations - lastImprovement >= parameters.stallIterations { stalled = true; break }
            step = min(1, 2 * parameters.damping / Double(iterations))
            averaged.move(towards: evaluation.loads, step: step)
        } while true
        let siteCompletions = evaluation.loads.siteCompletions
        let siteHandling = evaluation.loads.siteHandlingMinutes
        let channelCompletions = evaluation.loads.channelCompletions

        var sites: [TwinSiteResult] = []
        sites.reserveCapacity(siteCount)
        for j in 0..<siteCount {
            let completions = siteCompletions[j]
            let state = queues.siteStates[j]
            sites.append(TwinSiteResult(
                available: model.siteAvailable[j], openMinutesPerWeek: model.siteOpenMinutes[j],
                completionsPerYear: completions,
                meanServiceMinutes: completions > 0 ? siteHandling[j] / completions : 0,
                utilisation: state.utilisation, waitProbability: state.waitProbability,
                waitMinutes: state.waitMinutes, overloaded: state.overloaded))
        }
        var channels: [TwinChannelResult] = []
        channels.reserveCapacity(channelCount)
        for k in 0..<channelCount {
            let state = queues.channelStates[k]
            channels.append(TwinChannelResult(
                available: model.channelAvailable[k], openMinutesPerWeek: model.channelOpenMinutes[k],
                completionsPerYear: channelCompletions[k],
                consultationsPerYear: queues.consultations[k],
                utilisation: state.utilisation, waitProbability: state.waitProbability,
                waitMinutes: state.waitMinutes, overloaded: state.overloaded))
        }
        return TwinResult(cells: cellBuffer.array(), sites: sites, channels: channels,
                          convergence: TwinConvergence(converged: converged, stalled: stalled, iterations: iterations,
                                                       lastMaxChangeMinutes: lastChange),
                          capabilityGroups: model.groupCount)
    }

    // MARK: - Validation

    static func validate(_ input: TwinInput, _ p: TwinParameters) throws(TwinSpaceError) {
        let travel = input.travel
        let n = input.cells.count
        guard travel.offsets.count == n + 1 else {
            throw TwinSpaceError("travel.offsets has \(travel.offsets.count) entries, expected cells + 1 = \(n + 1)")
        }
        guard travel.site.count == travel.minutes.count else {
            throw TwinSpaceError("travel.site has \(travel.site.count) entries but travel.minutes \(travel.minutes.count)")
        }
        guard travel.offsets[0] == 0, travel.offsets[n] == travel.site.count else {
            throw TwinSpaceError("travel.offsets must start at 0 and end at \(travel.site.count), the number of entries")
        }
        for c in 0..<n where travel.offsets[c] > travel.offsets[c + 1] {
            throw TwinSpaceError("travel.offsets decrease at cell \(c) (id \(input.cells[c].id))")
        }
        let siteCount = input.sites.count
        var seen = [Int](repeating: -1, count: siteCount)
        for c in 0..<n {
            for e in travel.offsets[c]..<travel.offsets[c + 1] {
                let j = Int(travel.site[e])
                guard j >= 0, j < siteCount else { continue } // reported below
                if seen[j] == c {
                    throw TwinSpaceError("travel row of cell \(c) (id \(input.cells[c].id)) lists site \(j) (id \(input.sites[j].id)) twice")
                }
                seen[j] = c
            }
        }
        for e in travel.site.indices {
            let j = Int(travel.site[e])
            guard j >= 0, j < siteCount else {
                throw TwinSpaceError("travel entry \(e): site index \(j) outside 0..<\(siteCount)")
            }
            let t = travel.minutes[e]
            guard t.isFinite, t >= 0 else {
                throw TwinSpaceError("travel entry \(e): minutes \(t) must be finite and >= 0")
            }
        }
        for cell in input.cells {
            guard cell.population.isFinite, cell.population >= 0 else {
                throw TwinSpaceError("cell \(cell.id): population \(cell.population) must be finite and >= 0")
            }
            guard (0...1).contains(cell.elderlyShare), (0...1).contains(cell.digitalShare) else {
                throw TwinSpaceError("cell \(cell.id): elderly and digital shares must be within 0...1")
            }
        }
        for item in input.items {
            let values = [item.perThousandPerYear, item.tripsHall, item.tripsKiosk, item.tripsOnline,
                          item.handlingMinutes, item.documents, item.timeLimitDays, item.consultPerCompletion]
            guard values.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw TwinSpaceError("item \(item.id): demand, trips, handling minutes, documents, time limit and consultations must be finite and >= 0")
            }
        }
        for channel in input.channels {
            guard channel.effortMinutes.isFinite, channel.effortMinutes >= 0,
                  channel.handlingMinutes.isFinite, channel.handlingMinutes >= 0 else {
                throw TwinSpaceError("channel \(channel.id): effort and handling minutes must be finite and >= 0")
            }
        }
        switch (input.cellDistrict, input.siteDistrict) {
        case (nil, nil): break
        case let (cells?, sites?):
            guard cells.count == n, sites.count == siteCount else {
                throw TwinSpaceError("cellDistrict has \(cells.count) entries for \(n) cells, siteDistrict \(sites.count) for \(siteCount) sites")
            }
        default:
            throw TwinSpaceError("cellDistrict and siteDistrict must be given together")
        }
        if let nearest = input.nearest {
            guard nearest.hall.count == n, nearest.kiosk.count == n else {
                throw TwinSpaceError("nearest minutes have \(nearest.hall.count) hall and \(nearest.kiosk.count) kiosk entries for \(n) cells")
            }
            for c in 0..<n where !(nearest.hall[c] >= 0) || !(nearest.kiosk[c] >= 0) {
                throw TwinSpaceError("cell \(input.cells[c].id): nearest minutes must be >= 0 (infinity: none reachable)")
            }
        }
        guard p.activityWindow.isValid else {
            throw TwinSpaceError("activity window \(p.activityWindow.dailyStartMinute)..<\(p.activityWindow.dailyEndMinute) must lie within one day (0...1440) and not be empty")
        }
        guard p.hallThresholdMinutes >= 0, p.kioskThresholdMinutes >= 0 else {
            throw TwinSpaceError("thresholds must be >= 0 minutes")
        }
        if let theta = p.logitScalePerMinute {
            guard theta.isFinite, theta > 0 else { throw TwinSpaceError("logit scale \(theta) must be finite and > 0") }
        }
        guard p.damping > 0, p.damping <= 1 else { throw TwinSpaceError("damping \(p.damping) must be in (0, 1]") }
        guard p.maxIterations >= 1 else { throw TwinSpaceError("maxIterations must be >= 1") }
        guard p.toleranceMinutes >= 0, p.waitCapMinutes.isFinite, p.waitCapMinutes >= 0 else {
            throw TwinSpaceError("tolerance and wait cap must be finite and >= 0 minutes")
        }
        guard p.threads >= 1 else { throw TwinSpaceError("threads must be >= 1") }
    }

    // MARK: - Nearest sites

    /// Whether each site is available: ≥ 1 window and open some minute of the activity window
    /// (`openMinutes`: its open minutes per week inside the window).
    static func siteAvailability(_ sites: [Site], openMinutes: [Int]) -> [Bool] {
        sites.indices.map { sites[$0].windows >= 1 && openMinutes[$0] > 0 }
    }

    /// The uncapped nearest-site minutes of `TwinInput.nearest`, by the model's own rules: for
    /// halls the available halls that may serve the cell (under the district rule, those of
    /// the cell's district), for kiosks the available kiosks. `search(sites)` gives the minutes
    /// from every cell to the nearest of `sites` (indices into `input.sites`), `.infinity` where
    /// none is reachable; it is called once per kiosk set and once per district's hall set.
    public static func nearestMinutes(_ input: TwinInput, parameters: TwinParameters,
                                      search: ([Int]) throws -> [Double]) rethrows -> TwinNearestMinutes {
        let n = input.cells.count
        let window = parameters.activityWindow
        let available = siteAvailability(input.sites, openMinutes: input.sites.map { window.openMinutesPerWeek($0.hours) })
        func sites(_ kind: SiteKind, district: Int?) -> [Int] {
            input.sites.indices.filter { j in
                guard available[j], input.sites[j].kind == kind else { return false }
                guard let district, let siteDistrict = input.siteDistrict, j < siteDistrict.count else { return true }
                return siteDistrict[j] == district
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

// MARK: - Prepared model

/// Completions per year chosen at each site and channel, and the handling minutes at sites.
struct Loads: Sendable {
    var siteCompletions: [Double]
    var siteHandlingMinutes: [Double]
    var channelCompletions: [Double]

    init(siteCount: Int, channelCount: Int) {
        siteCompletions = [Double](repeating: 0, count: siteCount)
        siteHandlingMinutes = [Double](repeating: 0, count: siteCount)
        channelCompletions = [Double](repeating: 0, count: channelCount)
    }

    /// `self += step × (other − self)`, element by element.
    mutating func move(towards other: Loads, step: Double) {
        for j in siteCompletions.indices {
            siteCompletions[j] += step * (other.siteCompletions[j] - siteCompletions[j])
            siteHandlingMinutes[j] += step * (other.siteHandlingMinutes[j] - siteHandlingMinutes[j])
        }
        for k in channelCompletions.indices {
            channelCompletions[k] += step * (other.channelCompletions[k] - channelCompletions[k])
        }
    }
}

/// Loads of one evaluation of the choice at given waits (its cell figures are in the
/// `CellBuffer` passed to it).
struct Evaluation: Sendable {
    var loads: Loads
}

/// The cell figures of the latest evaluation, one slot per cell written by exactly one worker;
/// kept across evaluations so that each does not allocate (and page in) a fresh array.
final class CellBuffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<TwinCellResult>
    let count: Int
    init(count: Int) { self.count = count; pointer = .allocate(capacity: max(count, 1)) }
    /// `TwinCellResult` is plain data, so a slot may be overwritten without deinitializing.
    func set(_ index: Int, _ value: TwinCellResult) { (pointer + index).initialize(to: value) }
    func array() -> [TwinCellResult] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
    deinit { pointer.deallocate() }
}

/// Queue states at an evaluation's loads, and the waits they imply for the next choice.
struct QueueFigures: Sendable {
    var siteStates: [Queueing.State]
    var channelStates: [Queueing.State]
    var consultations: [Double]
    /// Sites, then channels (only video channels' waits are used).
    var waits: [Double]
}

/// Per-chunk partial sums, added in chunk order.
struct ChunkLoads: Sendable {
    var siteCompletions: [Double]
    var siteHandlingMinutes: [Double]
    var channelCompletions: [Double]
}

/// Slots written by exactly one worker each (chunk results, cell results), read after all
/// workers finished.
final class Slots<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    let count: Int
    init(count: Int) { self.count = count; pointer = .allocate(capacity: max(count, 1)) }
    func set(_ index: Int, _ value: T) { (pointer + index).initialize(to: value) }
    /// Moves the (all initialized) values out and frees the memory.
    func take() -> [T] {
        let values = Array(UnsafeBufferPointer(start: pointer, count: count))
        pointer.deinitialize(count: count)
        pointer.deallocate()
        return values
    }
}

/// The input turned into flat arrays, capability groups and availability.
struct Prepared: Sendable {
    let cellCount: Int
    let population: [Double]
    let digital: [Double]
    let elderly: [Double]
    let cellDistrict: [Int]?

    let offsets: [Int]
    let travelSite: [Int32]
    let travelMinutes: [Double]
    /// Uncapped nearest hall and kiosk minutes per cell, when the input gives them.
    let nearest: TwinNearestMinutes?

    let siteAvailable: [Bool]
    let siteIsHall: [Bool]
    let siteOpenMinutes: [Int]
    let siteWindows: [Int]
    let siteDistrict: [Int]?
    /// Capability groups of each site (CSR).
    let siteGroupOffsets: [Int]
    let siteGroups: [Int32]
    let groupCount: Int

    let itemGroup: [Int]
    /// Logit classes: items of one capability group and kind (hall / kiosk) with the same
    /// trips share the within-kind split over sites. Classes of each group (CSR), each item's
    /// hall and kiosk class.
    let classCount: Int
    let classIsHall: [Bool]
    let classTrips: [Double]
    let groupClassOffsets: [Int]
    let groupClasses: [Int32]
    let itemHallClass: [Int]
    let itemKioskClass: [Int]
    /// The most (group, class) pairs of one site: bounds the logit weights kept per travel entry.
    let maxClassLinksPerSite: Int
    let perResident: [Double]
    let tripsHall: [Double]
    let tripsKiosk: [Double]
    let tripsOnline: [Double]
    let handling: [Double]
    /// Best online channel per item (-1: none) and its effort.
    let onlineChannel: [Int]
    let onlineEffort: [Double]
    /// Available video channels handling each item, by index.
    let videoChannels: [[Int]]
    /// Completions, documents, promised days and consultations per resident-year over all demand.
    let demandPerResident: Double
    let documentsPerResident: Double
    let timeLimitDaysPerResident: Double
    let consultationsPerResident: Double
    let totalPopulation: Double

    let channels: [Channel]
    let channelAvailable: [Bool]
    let channelOpenMinutes: [Int]

    let hallThreshold: Double
    let kioskThreshold: Double
    let crossDistrict: Bool
    let logitScale: Double?
    let waitCap: Double
    let elderlyAdoptionRatio: Double?

    init(_ input: TwinInput, _ p: TwinParameters) {
        cellCount = input.cells.count
        population = input.cells.map(\.population)
        digital = input.cells.map(\.digitalShare)
        elderly = input.cells.map(\.elderlyShare)
        cellDistrict = input.cellDistrict
        offsets = input.travel.offsets
        // A sentinel entry keeps the buffers' base addresses non-nil; no offset points at it.
        travelSite = input.travel.site.isEmpty ? [0] : input.travel.site
        travelMinutes = input.travel.minutes.isEmpty ? [0] : input.travel.minutes
        siteDistrict = input.siteDistrict
        nearest = input.nearest

        let window = p.activityWindow
        let openMinutes = input.sites.map { window.openMinutesPerWeek($0.hours) }
        let siteAvailable = TwinModel.siteAvailability(input.sites, openMinutes: openMinutes)
        siteOpenMinutes = openMinutes
        self.siteAvailable = siteAvailable
        siteWindows = input.sites.map(\.windows)
        siteIsHall = input.sites.map { $0.kind == .hall }

        // Capability groups: items with equal sets of capable available sites.
        let items = input.items
        let serviceSets: [Set<String>?] = input.sites.map { site in
            guard let list = site.services, list.count > 16 else { return nil }
            return Set(list)
        }
        var groupIndex: [[Int32]: Int] = [:]
        var groupMembers: [[Int32]] = []
        var itemGroup: [Int] = []
        itemGroup.reserveCapacity(items.count)
        for item in items {
            var members: [Int32] = []
            for (j, site) in input.sites.enumerated() where siteAvailable[j] {
                let capable: Bool
                if let set = serviceSets[j] { // same rule as Site.handles, with a set for long lists
                    capable = (site.kind == .hall ? item.hall : item.kiosk) && set.contains(item.id)
                } else {
                    capable = site.handles(item)
                }
                if capable { members.append(Int32(j)) }
            }
            if let g = groupIndex[members] {
                itemGroup.append(g)
            } else {
                groupIndex[members] = groupMembers.count
                itemGroup.append(groupMembers.count)
                groupMembers.append(members)
            }
        }
        self.itemGroup = itemGroup
        groupCount = groupMembers.count

        var classIsHall: [Bool] = [], classTrips: [Double] = []
        var classesOfGroup = [[Int]](repeating: [], count: groupMembers.count)
        func classIndex(_ group: Int, _ hall: Bool, _ trips: Double) -> Int {
            for cls in classesOfGroup[group] where classIsHall[cls] == hall && classTrips[cls] == trips { return cls }
            classIsHall.append(hall)
            classTrips.append(trips)
            classesOfGroup[group].append(classIsHall.count - 1)
            return classIsHall.count - 1
        }
        var itemHallClass: [Int] = [], itemKioskClass: [Int] = []
        for (i, item) in items.enumerated() {
            itemHallClass.append(classIndex(itemGroup[i], true, item.tripsHall))
            itemKioskClass.append(classIndex(itemGroup[i], false, item.tripsKiosk))
        }
        classCount = classIsHall.count
        self.classIsHall = classIsHall
        self.classTrips = classTrips
        self.itemHallClass = itemHallClass
        self.itemKioskClass = itemKioskClass
        var groupClassOffsets = [0]
        var groupClasses: [Int32] = []
        for list in classesOfGroup {
            for cls in list { groupClasses.append(Int32(cls)) }
            groupClassOffsets.append(groupClasses.count)
        }
        self.groupClassOffsets = groupClassOffsets
        self.groupClasses = groupClasses
        var counts = [Int](repeating: 0, count: input.sites.count + 1)
        for members in groupMembers { for j in members { counts[Int(j) + 1] += 1 } }
        for j in 0..<input.sites.count { counts[j + 1] += counts[j] }
        var fill = counts
        var siteGroups = [Int32](repeating: 0, count: counts[input.sites.count])
        for (g, members) in groupMembers.enumerated() {
            for j in members {
                siteGroups[fill[Int(j)]] = Int32(g)
                fill[Int(j)] += 1
            }
        }
        siteGroupOffsets = counts
        self.siteGroups = siteGroups
        var maxLinks = 0
        for j in input.sites.indices {
            var links = 0
            for m in counts[j]..<counts[j + 1] {
                let group = Int(siteGroups[m])
                links += groupClassOffsets[group + 1] - groupClassOffsets[group]
            }
            maxLinks = max(maxLinks, links)
        }
        maxClassLinksPerSite = maxLinks

        perResident = items.map { $0.perThousandPerYear / 1000 }
        tripsHall = items.map(\.tripsHall)
        tripsKiosk = items.map(\.tripsKiosk)
        tripsOnline = items.map(\.tripsOnline)
        handling = items.map(\.handlingMinutes)
        var demand = 0.0, documents = 0.0, days = 0.0, consult = 0.0
        for item in items {
            let q = item.perThousandPerYear / 1000
            demand += q
            documents += q * item.documents
            days += q * item.timeLimitDays
            consult += q * item.consultPerCompletion
        }
        demandPerResident = demand
        documentsPerResident = documents
        timeLimitDaysPerResident = days
        consultationsPerResident = consult
        totalPopulation = input.cells.reduce(0) { $0 + $1.population }

        channels = input.channels
        let channelOpen = input.channels.map { window.openMinutesPerWeek($0.hours) }
        channelOpenMinutes = channelOpen
        channelAvailable = input.channels.indices.map { k in
            let channel = input.channels[k]
            guard channelOpen[k] > 0 else { return false }
            switch channel.kind {
            case .online: return true
            case .video: return channel.agents >= 1
            case .hotline: return channel.seats >= 1
            }
        }
        var onlineChannel: [Int] = []
        var onlineEffort: [Double] = []
        var videoChannels: [[Int]] = []
        for item in items {
            var best = -1
            var effort = Double.infinity
            var video: [Int] = []
            for (k, channel) in input.channels.enumerated() where channelAvailable[k] && channel.handles(item) {
                switch channel.kind {
                case .online:
                    if channel.effortMinutes < effort { effort = channel.effortMinutes; best = k }
                case .video:
                    video.append(k)
                case .hotline:
                    break
                }
            }
            onlineChannel.append(best)
            onlineEffort.append(effort)
            videoChannels.append(video)
        }
        self.onlineChannel = onlineChannel
        self.onlineEffort = onlineEffort
        self.videoChannels = videoChannels

        hallThreshold = p.hallThresholdMinutes
        elderlyAdoptionRatio = p.elderlyAdoptionRatio
        kioskThreshold = p.kioskThresholdMinutes
        crossDistrict = p.crossDistrict
        logitScale = p.logitScalePerMinute
        waitCap = p.waitCapMinutes
    }

    // MARK: Queues

    func queues(_ loads: Loads) -> QueueFigures {
        let siteCount = siteAvailable.count
        var waits = [Double](repeating: 0, count: siteCount + channels.count)
        let idle = Queueing.State(offeredLoad: 0, utilisation: 0, waitProbability: 0, waitMinutes: 0, overloaded: false)
        var siteStates: [Queueing.State] = []
        siteStates.reserveCapacity(siteCount)
        for j in 0..<siteCount {
            let completions = loads.siteCompletions[j]
            guard siteAvailable[j], completions > 0 else { siteStates.append(idle); continue }
            let lambda = completions / TwinModel.weeksPerYear / Double(siteOpenMinutes[j])
            let service = loads.siteHandlingMinutes[j] / completions
            let state = Queueing.state(arrivalsPerMinute: lambda, serviceMinutes: service,
                                       servers: siteWindows[j], capMinutes: waitCap)
            siteStates.append(state)
            waits[j] = state.waitMinutes
        }
        // Hotline consultations split over available hotlines by seats × open minutes.
        var hotlineCapacity = 0.0
        for (k, channel) in channels.enumerated() where channel.kind == .hotline && channelAvailable[k] {
            hotlineCapacity += Double(channel.seats) * Double(channelOpenMinutes[k])
        }
        let totalConsultations = totalPopulation * consultationsPerResident
        var channelStates: [Queueing.State] = []
        var consultations: [Double] = []
        for (k, channel) in channels.enumerated() {
            var state = idle
            var consulted = 0.0
            if channelAvailable[k] {
                switch channel.kind {
                case .online:
                    break
                case .video:
                    let lambda = loads.channelCompletions[k] / TwinModel.weeksPerYear / Double(channelOpenMinutes[k])
                    state = Queueing.state(arrivalsPerMinute: lambda, serviceMinutes: channel.handlingMinutes,
                                           servers: channel.agents, capMinutes: waitCap)
                    waits[siteCount + k] = state.waitMinutes
                case .hotline:
                    let share = Double(channel.seats) * Double(channelOpenMinutes[k]) / hotlineCapacity
                    consulted = totalConsultations * share
                    let lambda = consulted / TwinModel.weeksPerYear / Double(channelOpenMinutes[k])
                    state = Queueing.state(arrivalsPerMinute: lambda, serviceMinutes: channel.handlingMinutes,
                                           servers: channel.seats, capMinutes: waitCap)
                }
            }
            channelStates.append(state)
            consultations.append(consulted)
        }
        return QueueFigures(siteStates: siteStates, channelStates: channelStates,
                            consultations: consultations, waits: waits)
    }

    // MARK: Choice

    func evaluate(waits: [Double], threads: Int, hot: HotArrays, cells: CellBuffer) -> Evaluation {
        let siteCount = siteAvailable.count
        // Best video channel per item at the current waits (cell independent).
        var videoBest = [Int](repeating: -1, count: itemGroup.count)
        var videoCost = [Double](repeating: .infinity, count: itemGroup.count)
        for i in itemGroup.indices {
            for k in videoChannels[i] {
                let cost = channels[k].handlingMinutes + waits[siteCount + k]
                if cost < videoCost[i] { videoCost[i] = cost; videoBest[i] = k }
            }
        }
        let round = RoundArrays(waits: Flat(waits), videoBest: Flat(videoBest), videoCost: Flat(videoCost))
        let chunkCount = (cellCount + TwinModel.chunkCells - 1) / TwinModel.chunkCells
        let chunkSlots = Slots<ChunkLoads>(count: chunkCount)
        let workers = min(threads, chunkCount)
        // The travel arrays are large: read them in place (valid for the whole pass) rather than
        // keeping a second copy.
        offsets.withUnsafeBufferPointer { offsetBuffer in
            travelSite.withUnsafeBufferPointer { siteBuffer in
                travelMinutes.withUnsafeBufferPointer { minuteBuffer in
                    let travel = TravelPointers(offsets: offsetBuffer.baseAddress, site: siteBuffer.baseAddress,
                                                minutes: minuteBuffer.baseAddress)
                    if workers <= 1 {
                        for chunk in 0..<chunkCount {
                            chunkSlots.set(chunk, runChunk(chunk, hot: hot, travel: travel, round: round, cells: cells))
                        }
                    } else {
                        DispatchQueue.concurrentPerform(iterations: workers) { worker in
                            var chunk = worker
                            while chunk < chunkCount {
                                chunkSlots.set(chunk, runChunk(chunk, hot: hot, travel: travel, round: round,
                                                               cells: cells))
                                chunk += workers
                            }
                        }
                    }
                }
            }
        }
        let parts = chunkSlots.take()
        var loads = Loads(siteCount: siteCount, channelCount: channels.count)
        for part in parts { // chunk order: the same sums for any thread count
            for j in 0..<siteCount {
                loads.siteCompletions[j] += part.siteCompletions[j]
                loads.siteHandlingMinutes[j] += part.siteHandlingMinutes[j]
            }
            for k in 0..<channels.count { loads.channelCompletions[k] += part.channelCompletions[k] }
        }
        return Evaluation(loads: loads)
    }

    /// Choice for the cells of one chunk: their figures into `cells`, loads returned.
    ///
    /// The hot loops read raw pointers of `Flat` copies (indices were validated), so that no
    /// element access pays for reference counting or copy-on-write checks, which would also
    /// make the threads contend for the arrays' shared headers.
    func runChunk(_ chunk: Int, hot h: HotArrays, travel: TravelPointers, round: RoundArrays,
                  cells: CellBuffer) -> ChunkLoads {
        let siteCount = siteAvailable.count
        let channelCount = channels.count
        let itemCount = itemGroup.count
        // Never nil: `Prepared` keeps at least one element in each travel array.
        guard let offsets = travel.offsets, let travelSite = travel.site, let travelMinutes = travel.minutes else {
            return ChunkLoads(siteCompletions: [Double](repeating: 0, count: siteCount),
                              siteHandlingMinutes: [Double](repeating: 0, count: siteCount),
                              channelCompletions: [Double](repeating: 0, count: channelCount))
        }
        let siteAvailable = h.siteAvailable.base, siteIsHall = h.siteIsHall.base
        let siteGroupOffsets = h.siteGroupOffsets.base, siteGroups = h.siteGroups.base
        let siteDistrict = h.siteDistrict.base, cellDistrict = h.cellDistrict.base
        let useDistricts = !crossDistrict && h.cellDistrict.count > 0
        let itemGroup = h.itemGroup.base, perResident = h.perResident.base
        let tripsHall = h.tripsHall.base, tripsKiosk = h.tripsKiosk.base, tripsOnline = h.tripsOnline.base
        let handling = h.handling.base, onlineChannel = h.onlineChannel.base, onlineEffort = h.onlineEffort.base
        let population = h.population.base, digital = h.digital.base, elderly = h.elderly.base
        let waits = round.waits.base, videoBest = round.videoBest.base, videoCost = round.videoCost.base
        let classIsHall = h.classIsHall.base, classTrips = h.classTrips.base
        let groupClassOffsets = h.groupClassOffsets.base, groupClasses = h.groupClasses.base
        let itemHallClass = h.itemHallClass.base, itemKioskClass = h.itemKioskClass.base
        let givenNearestHall = h.nearestHall.count > 0 ? h.nearestHall.base : nil
        let givenNearestKiosk = h.nearestKiosk.count > 0 ? h.nearestKiosk.base : nil
        let hallThreshold = self.hallThreshold, kioskThreshold = self.kioskThreshold
        let logitScale = self.logitScale

        // Scratch owned by this call.
        let g = groupCount
        let nc = classCount
        let doubles = UnsafeMutablePointer<Double>.allocate(capacity: 6 * g + 2 * siteCount + channelCount + 28 + 5 * nc)
        let ints = UnsafeMutablePointer<Int>.allocate(capacity: 2 * g)
        defer { doubles.deallocate(); ints.deallocate() }
        // Per capability group: best hall (by 2t + w), its travel, nearest capable hall; same for kiosks.
        let bestHallCost = doubles, bestHallTravel = doubles + g, nearestHall = doubles + 2 * g
        let bestKioskCost = doubles + 3 * g, bestKioskTravel = doubles + 4 * g, nearestKiosk = doubles + 5 * g
        let loadCompletions = doubles + 6 * g, loadHandling = loadCompletions + siteCount
        let loadChannel = loadHandling + siteCount
        let costs = loadChannel + channelCount, shares = costs + 4, travels = costs + 8
        let tripCounts = costs + 12, kindShare = costs + 16, outCosts = costs + 20
        // Logit only, per class: Σ weights, Σ weight·cost, Σ weight·travel (weights relative to
        // the group's best site), then the completions and handling minutes the class sends.
        let classWeight = costs + 28, classCost = classWeight + nc, classTravel = classCost + nc
        let classCompletions = classTravel + nc, classHandling = classCompletions + nc
        let bestHall = ints, bestKiosk = ints + g
        let first = chunk * TwinModel.chunkCells
        let last = min(first + TwinModel.chunkCells, cellCount)
        // Logit only: the within-kind weight of every (entry, class) link of a row, computed in
        // the first logit pass and reused, in the same order, to spread the class completions.
        var longestRow = 0
        if logitScale != nil {
            for c in first..<last { longestRow = max(longestRow, offsets[c + 1] - offsets[c]) }
        }
        let linkWeights = UnsafeMutablePointer<Double>.allocate(capacity: max(1, longestRow * maxClassLinksPerSite))
        defer { linkWeights.deallocate() }
        loadCompletions.initialize(repeating: 0, count: 2 * siteCount + channelCount)
        var available = (false, false, false, false)

        for c in first..<last {
            for k in 0..<g {
                bestHall[k] = -1; bestHallCost[k] = .infinity; bestHallTravel[k] = .infinity
                nearestHall[k] = .infinity
                bestKiosk[k] = -1; bestKioskCost[k] = .infinity; bestKioskTravel[k] = .infinity
                nearestKiosk[k] = .infinity
            }
            var nearestAnyHall = Double.infinity
            var nearestAnyKiosk = Double.infinity
            for e in offsets[c]..<offsets[c + 1] {
                let j = Int(travelSite[e])
                guard siteAvailable[j] else { continue }
                let t = travelMinutes[e]
                let cost = 2 * t + waits[j]
                if siteIsHall[j] {
                    if useDistricts, siteDistrict[j] != cellDistrict[c] { continue }
                    nearestAnyHall = min(nearestAnyHall, t)
                    for m in siteGroupOffsets[j]..<siteGroupOffsets[j + 1] {
                        let k = Int(siteGroups[m])
                        if t < nearestHall[k] { nearestHall[k] = t }
                        if cost < bestHallCost[k] || (cost == bestHallCost[k] && j < bestHall[k]) {
                            bestHallCost[k] = cost; bestHall[k] = j; bestHallTravel[k] = t
                        }
                    }
                } else {
                    nearestAnyKiosk = min(nearestAnyKiosk, t)
                    for m in siteGroupOffsets[j]..<siteGroupOffsets[j + 1] {
                        let k = Int(siteGroups[m])
                        if t < nearestKiosk[k] { nearestKiosk[k] = t }
                        if cost < bestKioskCost[k] || (cost == bestKioskCost[k] && j < bestKiosk[k]) {
                            bestKioskCost[k] = cost; bestKiosk[k] = j; bestKioskTravel[k] = t
                        }
                    }
                }
            }

            if let theta = logitScale {
                // Within-kind logit weights of every eligible capable site, per class.
                for cls in 0..<nc {
                    classWeight[cls] = 0; classCost[cls] = 0; classTravel[cls] = 0
                    classCompletions[cls] = 0; classHandling[cls] = 0
                }
                var link = 0
                for e in offsets[c]..<offsets[c + 1] {
                    let j = Int(travelSite[e])
                    guard siteAvailable[j] else { continue }
                    let isHall = siteIsHall[j]
                    if isHall, useDistricts, siteDistrict[j] != cellDistrict[c] { continue }
                    let t = travelMinutes[e]
                    let cost = 2 * t + waits[j]
                    for m in siteGroupOffsets[j]..<siteGroupOffsets[j + 1] {
                        let k = Int(siteGroups[m])
                        let base = isHall ? bestHallCost[k] : bestKioskCost[k]
                        for n in groupClassOffsets[k]..<groupClassOffsets[k + 1] {
                            let cls = Int(groupClasses[n])
                            guard classIsHall[cls] == isHall else { continue }
                            let tau = classTrips[cls]
                            let weight = exp(-theta * tau * (cost - base))
                            linkWeights[link] = weight
                            link += 1
                            classWeight[cls] += weight
                            classCost[cls] += weight * tau * cost
                            classTravel[cls] += weight * tau * 2 * t
                        }
                    }
                }
            }

            let pop = population[c]
            let digitalShare = digital[c]
            // Per resident-year sums.
            for o in 0..<4 { kindShare[o] = 0 }
            var unserved = 0.0, trips = 0.0, travel = 0.0, cost = 0.0, zeroTrip = 0.0
            var gapDigital = 0.0, gapNotDigital = 0.0
            for i in 0..<itemCount {
                let q = perResident[i]
                guard q > 0 else { continue }
                let k = itemGroup[i]
                let hall = bestHall[k], kiosk = bestKiosk[k]
                // In-person part of a remote completion (现场勘查), at the hall option's hall.
                let remoteTrips = tripsOnline[i]
                var remoteReachable = true, remoteWithin = true
                var remoteCost = 0.0, remoteTravel = 0.0
                if remoteTrips > 0 {
                    if hall >= 0 {
                        remoteCost = remoteTrips * bestHallCost[k]
                        remoteTravel = remoteTrips * 2 * bestHallTravel[k]
                        remoteWithin = nearestHall[k] <= hallThreshold
                    } else {
                        remoteReachable = false; remoteWithin = false
                    }
                }
                let onlineOK = onlineChannel[i] >= 0 && remoteReachable
                let videoOK = videoBest[i] >= 0 && remoteReachable
                costs[0] = hall >= 0 ? tripsHall[i] * bestHallCost[k] : .infinity
                costs[1] = kiosk >= 0 ? tripsKiosk[i] * bestKioskCost[k] : .infinity
                costs[2] = onlineOK ? onlineEffort[i] + remoteCost : .infinity
                costs[3] = videoOK ? videoCost[i] + remoteCost : .infinity
                travels[0] = hall >= 0 ? tripsHall[i] * 2 * bestHallTravel[k] : 0
                travels[1] = kiosk >= 0 ? tripsKiosk[i] * 2 * bestKioskTravel[k] : 0
                travels[2] = remoteTravel
                travels[3] = remoteTravel
                tripCounts[0] = tripsHall[i]
                tripCounts[1] = tripsKiosk[i]
                tripCounts[2] = remoteTrips
                tripCounts[3] = remoteTrips
                for o in 0..<4 { outCosts[o] = costs[o] }
                if let theta = logitScale {
                    // A kind enters the logit with its logsum over its sites (a flat logit over
                    // all sites); its expected cost and travel are the within-kind means.
                    if hall >= 0 {
                        let cls = itemHallClass[i]
                        costs[0] -= log(classWeight[cls]) / theta
                        outCosts[0] = classCost[cls] / classWeight[cls]
                        travels[0] = classTravel[cls] / classWeight[cls]
                    }
                    if kiosk >= 0 {
                        let cls = itemKioskClass[i]
                        costs[1] -= log(classWeight[cls]) / theta
                        outCosts[1] = classCost[cls] / classWeight[cls]
                        travels[1] = classTravel[cls] / classWeight[cls]
                    }
                }

                // Gaps: is some option within reach (thresholds, not waits)?
                let hallWithin = hall >= 0 && (tripsHall[i] == 0 || nearestHall[k] <= hallThreshold)
                let kioskWithin = kiosk >= 0 && (tripsKiosk[i] == 0 || nearestKiosk[k] <= kioskThreshold)
                let physicalWithin = hallWithin || kioskWithin || (videoOK && remoteWithin)
                if !physicalWithin { gapNotDigital += q }
                if !(physicalWithin || (onlineOK && remoteWithin)) { gapDigital += q }

                for segment in 0..<2 {
                    let segmentShare = segment == 0 ? digitalShare : 1 - digitalShare
                    guard segmentShare > 0 else { continue }
                    let w = segmentShare * q // completions per resident-year
                    available = (hall >= 0, kiosk >= 0, segment == 0 && onlineOK, videoOK)
                    var best = -1
                    if available.0 { best = 0 }
                    if available.1 && (best < 0 || costs[1] < costs[best]) { best = 1 }
                    if available.2 && (best < 0 || costs[2] < costs[best]) { best = 2 }
                    if available.3 && (best < 0 || costs[3] < costs[best]) { best = 3 }
                    guard best >= 0 else { unserved += w; continue }
                    if let theta = logitScale {
                        shares[0] = available.0 ? exp(-theta * (costs[0] - costs[best])) : 0
                        shares[1] = available.1 ? exp(-theta * (costs[1] - costs[best])) : 0
                        shares[2] = available.2 ? exp(-theta * (costs[2] - costs[best])) : 0
                        shares[3] = available.3 ? exp(-theta * (costs[3] - costs[best])) : 0
                        let total = shares[0] + shares[1] + shares[2] + shares[3]
                        for o in 0..<4 { shares[o] /= total }
                    } else {
                        for o in 0..<4 { shares[o] = o == best ? 1 : 0 }
                    }
                    for o in 0..<4 where shares[o] > 0 {
                        let share = w * shares[o]
                        kindShare[o] += share
                        trips += share * tripCounts[o]
                        travel += share * travels[o]
                        cost += share * outCosts[o]
                        if tripCounts[o] == 0 { zeroTrip += share }
                        let completions = pop * share
                        switch o {
                        case 0 where logitScale != nil:
                            classCompletions[itemHallClass[i]] += completions
                            classHandling[itemHallClass[i]] += completions * handling[i]
                        case 1 where logitScale != nil:
                            classCompletions[itemKioskClass[i]] += completions
                            classHandling[itemKioskClass[i]] += completions * handling[i]
                        case 0:
                            loadCompletions[hall] += completions
                            loadHandling[hall] += completions * handling[i]
                        case 1:
                            loadCompletions[kiosk] += completions
                            loadHandling[kiosk] += completions * handling[i]
                        case 2:
                            loadChannel[onlineChannel[i]] += completions
                        default:
                            loadChannel[videoBest[i]] += completions
                        }
                    }
                }
            }

            if logitScale != nil {
                // Each class's completions over its sites by their within-kind logit shares.
                var link = 0
                for e in offsets[c]..<offsets[c + 1] {
                    let j = Int(travelSite[e])
                    guard siteAvailable[j] else { continue }
                    let isHall = siteIsHall[j]
                    if isHall, useDistricts, siteDistrict[j] != cellDistrict[c] { continue }
                    for m in siteGroupOffsets[j]..<siteGroupOffsets[j + 1] {
                        let k = Int(siteGroups[m])
                        for n in groupClassOffsets[k]..<groupClassOffsets[k + 1] {
                            let cls = Int(groupClasses[n])
                            guard classIsHall[cls] == isHall else { continue }
                            let weight = linkWeights[link]
                            link += 1
                            guard classCompletions[cls] > 0 else { continue }
                            let share = weight / classWeight[cls]
                            loadCompletions[j] += classCompletions[cls] * share
                            loadHandling[j] += classHandling[cls] * share
                        }
                    }
                }
            }

            let demand = demandPerResident
            let perDemand = demand > 0 ? 1 / demand : 0
            let gapShareDigital = gapDigital * perDemand
            let gapShareNotDigital = gapNotDigital * perDemand
            let elderlyDigital: Double
            if let r = elderlyAdoptionRatio {
                let e = elderly[c]
                let adults = digitalShare / max((1 - e) + e * r, 1e-12)
                elderlyDigital = e * min(1, r * adults)
            } else {
                elderlyDigital = elderly[c] - min(elderly[c], 1 - digitalShare)
            }
            let elderlyNotDigital = elderly[c] - elderlyDigital
            // The uncapped search's minutes when given: the rows stop at the travel cut-off.
            if let givenNearestHall { nearestAnyHall = givenNearestHall[c] }
            if let givenNearestKiosk { nearestAnyKiosk = givenNearestKiosk[c] }
            cells.set(c, TwinCellResult(
                nearestHallMinutes: nearestAnyHall.isFinite ? nearestAnyHall : nil,
                nearestKioskMinutes: nearestAnyKiosk.isFinite ? nearestAnyKiosk : nil,
                coveredHall: nearestAnyHall <= hallThreshold,
                coveredKiosk: nearestAnyKiosk <= kioskThreshold,
                completionsPerYear: pop * demand,
                shareHall: kindShare[0] * perDemand, shareKiosk: kindShare[1] * perDemand,
                shareOnline: kindShare[2] * perDemand, shareVideo: kindShare[3] * perDemand,
                unservedShare: unserved * perDemand,
                tripsPerResidentYear: trips, travelMinutesPerResidentYear: travel,
                costMinutesPerResidentYear: cost,
                documentsPerResidentYear: documentsPerResident,
                timeLimitDaysPerResidentYear: timeLimitDaysPerResident,
                zeroTripShare: zeroTrip * perDemand,
                gapPopulation: pop * (digitalShare * gapShareDigital + (1 - digitalShare) * gapShareNotDigital),
                gapElderly: pop * (elderlyDigital * gapShareDigital + elderlyNotDigital * gapShareNotDigital),
                gapNotDigital: pop * (1 - digitalShare) * gapShareNotDigital))
        }
        return ChunkLoads(siteCompletions: Array(UnsafeBufferPointer(start: loadCompletions, count: siteCount)),
                          siteHandlingMinutes: Array(UnsafeBufferPointer(start: loadHandling, count: siteCount)),
                          channelCompletions: Array(UnsafeBufferPointer(start: loadChannel, count: channelCount)))
    }
}

/// An immutable copy of an array in memory this object owns (freed once, in `deinit`), read
/// through its raw pointer in the hot loops.
final class Flat<Element: BitwiseCopyable>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(_ values: [Element]) {
        count = values.count
        base = .allocate(capacity: max(count, 1))
        values.withUnsafeBufferPointer { buffer in
            if let start = buffer.baseAddress { base.initialize(from: start, count: count) }
        }
    }

    deinit { base.deallocate() }
}

/// The per-cell, per-site and per-item arrays of the hot loop, as `Flat` copies (the travel
/// arrays are read in place, see `TravelPointers`).
final class HotArrays: Sendable {
    let siteAvailable: Flat<Bool>, siteIsHall: Flat<Bool>
    let siteGroupOffsets: Flat<Int>, siteGroups: Flat<Int32>
    /// Empty when the input gives no districts.
    let siteDistrict: Flat<Int>, cellDistrict: Flat<Int>
    let itemGroup: Flat<Int>, perResident: Flat<Double>
    let tripsHall: Flat<Double>, tripsKiosk: Flat<Double>, tripsOnline: Flat<Double>
    let handling: Flat<Double>, onlineChannel: Flat<Int>, onlineEffort: Flat<Double>
    let population: Flat<Double>, digital: Flat<Double>, elderly: Flat<Double>
    let classIsHall: Flat<Bool>, classTrips: Flat<Double>
    let groupClassOffsets: Flat<Int>, groupClasses: Flat<Int32>
    let itemHallClass: Flat<Int>, itemKioskClass: Flat<Int>
    /// Empty when the input gives no uncapped nearest minutes.
    let nearestHall: Flat<Double>, nearestKiosk: Flat<Double>

    init(_ p: Prepared) {
        siteAvailable = Flat(p.siteAvailable); siteIsHall = Flat(p.siteIsHall)
        siteGroupOffsets = Flat(p.siteGroupOffsets); siteGroups = Flat(p.siteGroups)
        siteDistrict = Flat(p.siteDistrict ?? []); cellDistrict = Flat(p.cellDistrict ?? [])
        itemGroup = Flat(p.itemGroup); perResident = Flat(p.perResident)
        tripsHall = Flat(p.tripsHall); tripsKiosk = Flat(p.tripsKiosk); tripsOnline = Flat(p.tripsOnline)
        handling = Flat(p.handling); onlineChannel = Flat(p.onlineChannel); onlineEffort = Flat(p.onlineEffort)
        population = Flat(p.population); digital = Flat(p.digital); elderly = Flat(p.elderly)
        classIsHall = Flat(p.classIsHall); classTrips = Flat(p.classTrips)
        groupClassOffsets = Flat(p.groupClassOffsets); groupClasses = Flat(p.groupClasses)
        itemHallClass = Flat(p.itemHallClass); itemKioskClass = Flat(p.itemKioskClass)
        nearestHall = Flat(p.nearest?.hall ?? []); nearestKiosk = Flat(p.nearest?.kiosk ?? [])
    }
}

/// Base addresses of the travel arrays during one evaluation (the arrays outlive it).
struct TravelPointers: @unchecked Sendable {
    let offsets: UnsafePointer<Int>?
    let site: UnsafePointer<Int32>?
    let minutes: UnsafePointer<Double>?
}

/// What changes between evaluations: waits and the best video channel per item.
struct RoundArrays: Sendable {
    let waits: Flat<Double>
    let videoBest: Flat<Int>
    let videoCost: Flat<Double>
}
