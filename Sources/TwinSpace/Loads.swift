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

    /// Adds a chunk's partial sums (in chunk order: the same sums for any thread count).
    mutating func add(_ part: Loads) {
        for j in siteCompletions.indices {
            siteCompletions[j] += part.siteCompletions[j]
            siteHandlingMinutes[j] += part.siteHandlingMinutes[j]
        }
        for k in channelCompletions.indices { channelCompletions[k] += part.channelCompletions[k] }
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
                    consulted = hotlineConsultations?[k] ?? totalConsultations * share
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
