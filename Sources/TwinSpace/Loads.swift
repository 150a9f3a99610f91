import Dispatch
import Model

/// Completions per year chosen at each site and channel, and the handling minutes at sites.
struct Loads: Sendable {
    var siteCompletions: [Double]
    var siteHandlingMinutes: [Double]
    var channelCompletions: [Double]
    /// Per item, `ItemSums.width` figures per unit of its demand (see `ItemSums`); empty until
    /// an evaluation adds them. Reported, not part of the fixed point's state.
    var itemSums: [Double] = []

    init(siteCount: Int, channelCount: Int, itemCount: Int = 0) {
        siteCompletions = [Double](repeating: 0, count: siteCount)
        siteHandlingMinutes = [Double](repeating: 0, count: siteCount)
        channelCompletions = [Double](repeating: 0, count: channelCount)
        itemSums = [Double](repeating: 0, count: itemCount * ItemSums.width)
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
        // The per-item sums start empty (no items sized yet): all zeros.
        if itemSums.count != other.itemSums.count { itemSums = [Double](repeating: 0, count: other.itemSums.count) }
        for k in itemSums.indices { itemSums[k] += step * (other.itemSums[k] - itemSums[k]) }
    }

    /// A copy moved `step` of the way towards `other`.
    func moved(towards other: Loads, step: Double) -> Loads {
        var copy = self
        copy.move(towards: other, step: step)
        return copy
    }

    /// Adds a chunk's partial sums (in chunk order: the same sums for any thread count).
    mutating func add(_ part: Loads) {
        for j in siteCompletions.indices {
            siteCompletions[j] += part.siteCompletions[j]
            siteHandlingMinutes[j] += part.siteHandlingMinutes[j]
        }
        for k in channelCompletions.indices { channelCompletions[k] += part.channelCompletions[k] }
        if itemSums.isEmpty { itemSums = part.itemSums } else {
            for k in itemSums.indices where k < part.itemSums.count { itemSums[k] += part.itemSums[k] }
        }
    }
}

/// The per-item figures of the choice: for each item, residents × segment share × option share
/// summed over cells and segments, per served option (`ChannelChoice` order), unserved, and
/// those weighted by the option's in-person trips. They count the choice per unit of the
/// item's demand (an item without demand gets them too), so an item's completions by channel
/// are its rate per resident × these, and its trips per completion their trips over the served.
enum ItemSums {
    /// The served options (raw values 0..<servedCount), then unserved, then trips.
    static let unserved = ChannelChoice.servedCount, trips = ChannelChoice.servedCount + 1
    static let width = ChannelChoice.servedCount + 2

    /// The items' figures from the sums of an evaluation.
    static func results(_ sums: [Double], items: [ServiceItem], population: Double) -> [TwinItemResult] {
        guard sums.count == items.count * width else { return [] }
        return items.enumerated().map { i, item in
            let row = Array(sums[(i * width)..<((i + 1) * width)])
            let served = row[..<unserved].reduce(0, +)
            func share(_ x: Double) -> Double { population > 0 ? x / population : 0 }
            func share(_ choice: ChannelChoice) -> Double { share(row[choice.rawValue]) }
            return TwinItemResult(
                completionsPerYear: population * TwinRules.perResident(item),
                shareHall: share(.hall), shareKiosk: share(.kiosk), shareOnline: share(.online), shareVideo: share(.video),
                shareUnserved: share(row[unserved]), tripsPerCompletion: served > 0 ? row[trips] / served : nil,
                shareAssisted: share(.assisted))
        }
    }
}

extension TwinCellResult {
    /// The averaged cell figures moved `step` of the way towards an evaluation's (`mixture`
    /// empty: they become that evaluation's). Only the figures that depend on the choice are
    /// averaged (shares, trips, travel, cost, zero-trip share); the others do not depend on
    /// waits and are taken as they are.
    static func move(_ mixture: inout [TwinCellResult], towards new: [TwinCellResult], step: Double) {
        guard mixture.count == new.count, step < 1 else { mixture = new; return }
        for c in mixture.indices { mixture[c].move(towards: new[c], step: step) }
    }

    /// One cell's averaged figures moved `step` of the way towards `n` (see `move`).
    @inline(__always) mutating func move(towards n: TwinCellResult, step: Double) {
        func blend(_ a: inout Double, _ b: Double) { a += step * (b - a) }
        blend(&shareHall, n.shareHall); blend(&shareKiosk, n.shareKiosk)
        blend(&shareOnline, n.shareOnline); blend(&shareVideo, n.shareVideo)
        blend(&unservedShare, n.unservedShare); blend(&shareAssisted, n.shareAssisted)
        blend(&tripsPerResidentYear, n.tripsPerResidentYear)
        blend(&travelMinutesPerResidentYear, n.travelMinutesPerResidentYear)
        blend(&costMinutesPerResidentYear, n.costMinutesPerResidentYear)
        blend(&zeroTripShare, n.zeroTripShare)
    }
}

extension CellBuffer {
    /// `TwinCellResult.move` towards the buffer's figures, read in place: no copy of the
    /// evaluation's cells (one `TwinCellResult` per cell less at the peak). Each cell is moved
    /// alone, so `threads` workers over parts of the cells give the same figures as one.
    func move(_ mixture: inout [TwinCellResult], step: Double, threads: Int = 1) {
        guard mixture.count == count, step < 1 else { mixture = array(); return }
        let parts = max(1, min(threads, count / Self.cellsPerMovePart))
        mixture.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let target = MovedCells(pointer: base)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let range = (part * count / parts)..<((part + 1) * count / parts)
                for c in range { target.pointer[c].move(towards: pointer[c], step: step) }
            }
        }
    }

    /// Fewer cells are moved on one thread: a worker costs more than it saves.
    static let cellsPerMovePart = 65_536
}

/// The averaged cells' memory while `CellBuffer.move`'s workers write disjoint parts of it.
private struct MovedCells: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<TwinCellResult>
}

/// Queue states at an evaluation's loads, and the waits they imply for the next choice.
struct QueueFigures: Sendable {
    var siteStates: [Queueing.State]
    var channelStates: [Queueing.State]
    var consultations: [Double]
    /// Sites, then channels (only video channels' waits are used).
    var waits: [Double]
    /// Hour-by-hour figures where an arrival profile applies (nil: the weekly Erlang C).
    var sitePeaks: [HourlyQueue.Figures?]
    var channelPeaks: [HourlyQueue.Figures?]
}

extension Prepared {
    static let idle = Queueing.State(offeredLoad: 0, utilisation: 0, waitProbability: 0, waitMinutes: 0, overloaded: false)

    /// The queues of every site and channel at `loads` (see `TwinModel`, Queues).
    func queues(_ loads: Loads) -> QueueFigures {
        var waits = [Double](repeating: 0, count: siteCount + channels.count)
        var siteStates: [Queueing.State] = []
        var sitePeaks: [HourlyQueue.Figures?] = []
        siteStates.reserveCapacity(siteCount)
        sitePeaks.reserveCapacity(siteCount)
        for j in 0..<siteCount {
            let completions = loads.siteCompletions[j]
            guard sites.available[j], completions > 0 else { siteStates.append(Self.idle); sitePeaks.append(nil); continue }
            let service = loads.siteHandlingMinutes[j] / completions
            let (state, peak) = queue(completionsPerYear: completions, serviceMinutes: service, servers: siteWindows[j],
                                      openMinutes: siteOpenMinutes[j], slots: siteSlots[j])
            siteStates.append(state)
            sitePeaks.append(peak)
            waits[j] = state.waitMinutes
        }
        let channelFigures = channelQueues(loads, waits: &waits)
        return QueueFigures(siteStates: siteStates, channelStates: channelFigures.states,
                            consultations: channelFigures.consultations, waits: waits,
                            sitePeaks: sitePeaks, channelPeaks: channelFigures.peaks)
    }

    /// One queue: the weekly M/M/c state; with hourly arrivals its wait is the arrival-weighted
    /// mean of the hour-by-hour method, never below the weekly wait (which rises to the cap as
    /// the week's work nears the week's window-minutes, so the wait stays continuous in the
    /// load). Utilisation and the overloaded flag stay weekly.
    func queue(completionsPerYear: Double, serviceMinutes: Double, servers: Int, openMinutes: Int,
               slots: WeekSlots?) -> (Queueing.State, HourlyQueue.Figures?) {
        let weekly = completionsPerYear / TwinModel.weeksPerYear
        var state = Queueing.state(arrivalsPerMinute: weekly / Double(openMinutes), serviceMinutes: serviceMinutes,
                                   servers: servers, capMinutes: waitCap)
        guard let slots else { return (state, nil) }
        let hourly = HourlyQueue.figures(weeklyArrivals: weekly, serviceMinutes: serviceMinutes, servers: servers,
                                         slots: slots, capMinutes: waitCap)
        state.waitMinutes = max(state.waitMinutes, hourly.meanWaitMinutes)
        return (state, hourly)
    }

    /// Video channels' queues (their waits into `waits` after the sites'), and the hotlines':
    /// consultations split over available hotlines by seats × open minutes.
    func channelQueues(_ loads: Loads, waits: inout [Double])
        -> (states: [Queueing.State], consultations: [Double], peaks: [HourlyQueue.Figures?]) {
        var hotlineCapacity = 0.0
        for (k, channel) in channels.enumerated() where channel.kind == .hotline && channelAvailable[k] {
            hotlineCapacity += Double(channel.seats) * Double(channelOpenMinutes[k])
        }
        let totalConsultations = demand.population * demand.consultations
        var channelStates: [Queueing.State] = []
        var consultations: [Double] = []
        var peaks: [HourlyQueue.Figures?] = []
        for (k, channel) in channels.enumerated() {
            var state = Self.idle
            var peak: HourlyQueue.Figures?
            var consulted = 0.0
            if channelAvailable[k] {
                switch channel.kind {
                case .online:
                    break
                case .video:
                    (state, peak) = queue(completionsPerYear: loads.channelCompletions[k], serviceMinutes: channel.handlingMinutes,
                                          servers: channel.agents, openMinutes: channelOpenMinutes[k], slots: channelSlots[k])
                    waits[siteCount + k] = state.waitMinutes
                case .hotline:
                    let share = Double(channel.seats) * Double(channelOpenMinutes[k]) / hotlineCapacity
                    consulted = hotlineConsultations?[k] ?? totalConsultations * share
                    (state, peak) = queue(completionsPerYear: consulted, serviceMinutes: channel.handlingMinutes,
                                          servers: channel.seats, openMinutes: channelOpenMinutes[k],
                                          slots: hotlineSlots(calls: callSlots, open: channelSlots[k]))
                }
            }
            channelStates.append(state)
            consultations.append(consulted)
            peaks.append(peak)
        }
        return (channelStates, consultations, peaks)
    }

    /// A hotline's arrivals when calls follow the district's profile over the whole activity
    /// window: only the calls placed while it is open reach its queue.
    func hotlineSlots(calls: WeekSlots, open: WeekSlots?) -> WeekSlots {
        guard let open else { return calls }
        let share = (0..<WeekSlots.count).map { h in
            calls.openMinutes[h] > 0 ? calls.arrivalShare[h] * Double(open.openMinutes[h]) / Double(calls.openMinutes[h]) : 0
        }
        return WeekSlots(openMinutes: open.openMinutes, arrivalShare: share)
    }

    /// The share of a hotline's calls answered in each hour of the day (24; nil where no call
    /// is placed in that hour, outside the activity window): calls placed while it is closed
    /// are not answered, and of the calls an open hour is offered (new and still waiting) only
    /// what its seats can take in that hour.
    func answerRates(channel k: Int, figures: HourlyQueue.Figures?) -> (byHour: [Double?], overall: Double?) {
        let calls = callSlots
        guard channels[k].kind == .hotline, channelAvailable[k], let open = channelSlots[k] else { return ([], nil) }
        var placed = [Double](repeating: 0, count: 24), answered = [Double](repeating: 0, count: 24)
        for h in 0..<WeekSlots.count where calls.openMinutes[h] > 0 {
            let openShare = Double(open.openMinutes[h]) / Double(calls.openMinutes[h])
            placed[h % 24] += calls.arrivalShare[h]
            answered[h % 24] += calls.arrivalShare[h] * openShare * (figures?.hourServedShare[h] ?? 1)
        }
        let all = placed.reduce(0, +)
        return ((0..<24).map { placed[$0] > 0 ? answered[$0] / placed[$0] : nil }, all > 0 ? answered.reduce(0, +) / all : nil)
    }

    /// The best available video channel per item at the current waits (least handling + wait,
    /// the lower index on ties; -1: none), and its minutes. Cell independent.
    func bestVideo(waits: [Double]) -> (channel: [Int], minutes: [Double]) {
        var best = [Int](repeating: -1, count: itemCount)
        var minutes = [Double](repeating: .infinity, count: itemCount)
        for i in 0..<itemCount {
            for k in videoChannels[i] {
                let cost = TwinRules.videoMinutes(handlingMinutes: channels[k].handlingMinutes, waitMinutes: waits[siteCount + k])
                if cost < minutes[i] { minutes[i] = cost; best[i] = k }
            }
        }
        return (best, minutes)
    }
}
