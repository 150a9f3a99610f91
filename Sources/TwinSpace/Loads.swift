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

/// Queue states at an evaluation's loads, and the waits they imply for the next choice.
struct QueueFigures: Sendable {
    var siteStates: [Queueing.State]
    var channelStates: [Queueing.State]
    var consultations: [Double]
    /// Sites, then channels (only video channels' waits are used).
    var waits: [Double]
}

extension Prepared {
    static let idle = Queueing.State(offeredLoad: 0, utilisation: 0, waitProbability: 0, waitMinutes: 0, overloaded: false)

    /// The queues of every site and channel at `loads` (see `TwinModel`, Queues).
    func queues(_ loads: Loads) -> QueueFigures {
        var waits = [Double](repeating: 0, count: siteCount + channels.count)
        var siteStates: [Queueing.State] = []
        siteStates.reserveCapacity(siteCount)
        for j in 0..<siteCount {
            let completions = loads.siteCompletions[j]
            guard sites.available[j], completions > 0 else { siteStates.append(Self.idle); continue }
            let lambda = completions / TwinModel.weeksPerYear / Double(siteOpenMinutes[j])
            let service = loads.siteHandlingMinutes[j] / completions
            let state = Queueing.state(arrivalsPerMinute: lambda, serviceMinutes: service,
                                       servers: siteWindows[j], capMinutes: waitCap)
            siteStates.append(state)
            waits[j] = state.waitMinutes
        }
        let (channelStates, consultations) = channelQueues(loads, waits: &waits)
        return QueueFigures(siteStates: siteStates, channelStates: channelStates,
                            consultations: consultations, waits: waits)
    }

    /// Video channels' queues (their waits into `waits` after the sites'), and the hotlines':
    /// consultations split over available hotlines by seats × open minutes.
    func channelQueues(_ loads: Loads, waits: inout [Double]) -> (states: [Queueing.State], consultations: [Double]) {
        var hotlineCapacity = 0.0
        for (k, channel) in channels.enumerated() where channel.kind == .hotline && channelAvailable[k] {
            hotlineCapacity += Double(channel.seats) * Double(channelOpenMinutes[k])
        }
        let totalConsultations = demand.population * demand.consultations
        var channelStates: [Queueing.State] = []
        var consultations: [Double] = []
        for (k, channel) in channels.enumerated() {
            var state = Self.idle
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
        return (channelStates, consultations)
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
