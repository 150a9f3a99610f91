import Model
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The channel choice written as the rules read (`TwinModel`'s doc comment, `TwinRules`): for
/// each cell, item and segment, the options and their generalized costs, the cheapest (or the
/// logit split) taken. The reference implementation: the kernel (`Prepared.runChunk`) must
/// give the same figures, and a test compares the two on random districts. Slow on purpose —
/// it loops over every (cell, item, site) — so it is used by tests only.
struct TwinChoice {
    let input: TwinInput
    let parameters: TwinParameters
    let siteAvailable: [Bool]
    let channelAvailable: [Bool]
    let demand: DemandTotals

    init(_ input: TwinInput, _ parameters: TwinParameters) {
        var input = input
        input.items = input.items.map(TwinRules.modelled)
        self.input = input
        self.parameters = parameters
        let window = parameters.activityWindow
        siteAvailable = input.sites.map { TwinRules.siteAvailable($0, window: window) }
        channelAvailable = input.channels.map { TwinRules.channelAvailable($0, window: window) }
        demand = DemandTotals(input)
    }

    /// A capable site a cell may use for an item: one-way minutes and visit minutes (travel there
    /// and back plus the wait).
    struct SiteVisit {
        var site: Int
        var travelMinutes: Double
        var visitMinutes: Double
    }

    /// Where an option's completions go: sites with their shares (one site unless logit), or a
    /// channel.
    enum Destination {
        case sites([(site: Int, share: Double)])
        case channel(Int)
        /// 收件-转办: accepted at `front` (its desk minutes), processed at `back` (the item's).
        case handIn(front: Int, back: Int)
    }

    /// One option of a (cell, item): what the choice compares (`cost`; with a logit, the kind's
    /// logsum), what is reported (`reportedCost`, the expected cost), trips and their round-trip
    /// minutes, whether it is within reach (for gaps), and where its completions go.
    struct Option {
        var choice: ChannelChoice
        var cost: Double
        var reportedCost: Double
        var trips: Double
        var travelMinutes: Double
        var withinReach: Bool
        var destination: Destination
        /// Video taken at a community desk (a trip there), for the not digital.
        var atDesk = false
    }

    struct Evaluation {
        var cells: [TwinCellResult]
        var loads: Loads
    }

    // MARK: Whole evaluation

    /// The choice of every cell at `waits` (sites, then channels), with the loads summed per
    /// chunk of `TwinModel.chunkCells` cells and the chunks added in order (the kernel's order).
    func evaluate(waits: [Double]) -> Evaluation {
        let siteCount = input.sites.count, channelCount = input.channels.count
        let video = bestVideoChannels(waits: waits)
        var cells: [TwinCellResult] = []
        let itemCount = input.items.count
        var total = Loads(siteCount: siteCount, channelCount: channelCount)
        var chunk = Loads(siteCount: siteCount, channelCount: channelCount, itemCount: itemCount)
        for c in input.cells.indices {
            cells.append(choose(cell: c, waits: waits, video: video, loads: &chunk))
            if (c + 1) % TwinModel.chunkCells == 0 || c == input.cells.count - 1 {
                total.add(chunk)
                chunk = Loads(siteCount: siteCount, channelCount: channelCount, itemCount: itemCount)
            }
        }
        return Evaluation(cells: cells, loads: total)
    }

    /// Per item, the available video channel handling it with the least handling minutes plus
    /// wait (the lower index on ties), nil when none.
    func bestVideoChannels(waits: [Double]) -> [Int?] {
        input.items.map { item in
            var best: Int? = nil, bestMinutes = Double.infinity
            for (k, channel) in input.channels.enumerated()
            where channel.kind == .video && channelAvailable[k] && channel.handles(item) {
                let minutes = TwinRules.videoMinutes(handlingMinutes: channel.handlingMinutes,
                                                     waitMinutes: waits[input.sites.count + k])
                if minutes < bestMinutes { bestMinutes = minutes; best = k }
            }
            return best
        }
    }

    /// The available online channel handling `item` with the least effort (lower index on ties).
    func bestOnlineChannel(_ item: ServiceItem) -> Int? {
        var best: Int? = nil, effort = Double.infinity
        for (k, channel) in input.channels.enumerated()
        where channel.kind == .online && channelAvailable[k] && channel.handles(item) && channel.effortMinutes < effort {
            effort = channel.effortMinutes; best = k
        }
        return best
    }

    // MARK: One cell

    /// The travel row of cell `c`: the available sites it reaches, in row order.
    func row(_ c: Int) -> [(site: Int, minutes: Double)] {
        let travel = input.travel
        return (travel.offsets[c]..<travel.offsets[c + 1]).compactMap { e in
            let j = Int(travel.site[e])
            return siteAvailable[j] ? (j, travel.minutes[e]) : nil
        }
    }

    /// Whether a site of the row may serve the cell at all (the district rule, for halls).
    func mayServe(cell c: Int, site j: Int) -> Bool {
        guard input.sites[j].kind == .hall else { return true }
        return TwinRules.hallMayServe(cellDistrict: input.cellDistrict?[c], hallDistrict: input.siteDistrict?[j],
                                      crossDistrict: parameters.crossDistrict)
    }

    /// The sites of cell `c`'s row that may serve it, in row order.
    func reachable(_ c: Int) -> [(site: Int, minutes: Double)] {
        row(c).filter { mayServe(cell: c, site: $0.site) }
    }

    /// The cell's figures; its completions added to `loads`.
    func choose(cell c: Int, waits: [Double], video: [Int?], loads: inout Loads) -> TwinCellResult {
        let cell = input.cells[c]
        let reachable = self.reachable(c)
        var sums = CellSums()
        for (i, item) in input.items.enumerated() { // an item without demand adds 0, and gets its item figures
            let options = self.options(item, reachable: reachable, waits: waits, video: video[i])
            let q = TwinRules.applicationsPerResident(item)
            for segment in TwinRules.Segment.allCases where !options.contains(where: {
                $0.withinReach && mayUse($0, segment)
            }) {
                if segment == .digital { sums.gapDigital += q } else { sums.gapNotDigital += q }
            }
            for segment in TwinRules.Segment.allCases {
                let segmentShare = segment == .digital ? cell.digitalShare : 1 - cell.digitalShare
                guard segmentShare > 0 else { continue }
                let open = options.filter { mayUse($0, segment) }
                take(open, completionsPerResident: segmentShare * q, item: item, population: cell.population,
                     sums: &sums, loads: &loads)
                addItemFigures(open, item: i, residents: cell.population * segmentShare, loads: &loads)
            }
        }
        let split = TwinRules.segments(of: cell, elderlyAdoptionRatio: parameters.elderlyAdoptionRatio)
        let halls = reachable.filter { input.sites[$0.site].kind == .hall }.map(\.minutes)
        let kiosks = reachable.filter { input.sites[$0.site].kind == .kiosk }.map(\.minutes)
        return sums.result(population: cell.population, split: split,
                           nearestHall: input.nearest?.hall[c] ?? halls.min() ?? .infinity,
                           nearestKiosk: input.nearest?.kiosk[c] ?? kiosks.min() ?? .infinity,
                           demand: demand, hallThreshold: parameters.hallThresholdMinutes,
                           kioskThreshold: parameters.kioskThresholdMinutes)
    }

    /// Splits `w` completions per resident-year over the open options: all to the cheapest (ties
    /// in `ChannelChoice` order), or by the logit; none open: unserved.
    func take(_ open: [Option], completionsPerResident w: Double, item: ServiceItem, population: Double,
              sums: inout CellSums, loads: inout Loads) {
        guard let shares = split(open) else { sums.unserved += w; return }
        for (option, optionShare) in zip(open, shares) where optionShare > 0 {
            let share = w * optionShare
            add(share, of: option, to: &sums)
            let completions = population * share
            switch option.destination {
            case .sites(let sites):
                for (j, siteShare) in sites {
                    loads.siteCompletions[j] += completions * siteShare
                    loads.siteHandlingMinutes[j] += completions * item.handlingMinutes * siteShare
                }
            case .channel(let k):
                loads.channelCompletions[k] += completions
            case .handIn(let front, let back):
                loads.siteCompletions[front] += completions
                loads.siteHandlingMinutes[front] += completions * (parameters.assisted?.frontMinutes ?? 0)
                loads.siteCompletions[back] += completions
                loads.siteHandlingMinutes[back] += completions * item.handlingMinutes
            }
        }
    }

    /// Each open option's share: all to the cheapest (ties in `ChannelChoice` order), or by the
    /// logit; nil when none is open.
    func split(_ open: [Option]) -> [Double]? {
        guard var best = open.first else { return nil }
        for option in open.dropFirst() where option.cost < best.cost { best = option }
        guard let theta = parameters.logitScalePerMinute else { return open.map { $0.choice == best.choice ? 1.0 : 0 } }
        let weights = open.map { exp(-theta * ($0.cost - best.cost)) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    /// The item's figures per unit of its demand (`ItemSums`): the `residents` of one segment by
    /// the option they take (the same split as `take`), or unserved.
    func addItemFigures(_ open: [Option], item i: Int, residents: Double, loads: inout Loads) {
        let row = i * ItemSums.width
        guard let shares = split(open) else { loads.itemSums[row + ItemSums.unserved] += residents; return }
        for (option, share) in zip(open, shares) where share > 0 {
            let taken = residents * share
            loads.itemSums[row + option.choice.rawValue] += taken
            loads.itemSums[row + ItemSums.trips] += taken * option.trips
        }
    }

    func add(_ share: Double, of option: Option, to sums: inout CellSums) {
        switch option.choice {
        case .hall: sums.kindShare.0 += share
        case .kiosk: sums.kindShare.1 += share
        case .online: sums.kindShare.2 += share
        case .video: sums.kindShare.3 += share
        case .assisted: sums.kindShare.4 += share
        case .unserved: return // never an option
        }
        sums.trips += share * option.trips
        sums.travel += share * option.travelMinutes
        sums.cost += share * option.reportedCost
        if option.trips == 0 { sums.zeroTrip += share }
    }

    // MARK: Options of one (cell, item)

    /// Whether a resident of `segment` may take `option`: the segment rule, and video from home
    /// or at a desk as `video_access` says for the segment.
    func mayUse(_ option: Option, _ segment: TwinRules.Segment) -> Bool {
        let access = parameters.videoAccess
        if option.choice == .video && option.atDesk != TwinRules.videoAtDesk(segment, videoAccess: access) { return false }
        return TwinRules.segmentMayUse(option.choice, segment, videoAccess: access)
    }

    /// The available options of `item` for a cell whose usable sites are `reachable`, in
    /// `ChannelChoice` order (both segments; `mayUse` says which segment may take which).
    func options(_ item: ServiceItem, reachable: [(site: Int, minutes: Double)], waits: [Double], video: Int?) -> [Option] {
        let halls = visits(.hall, item, reachable: reachable, waits: waits)
        let kiosks = visits(.kiosk, item, reachable: reachable, waits: waits)
        var options: [Option] = []
        let hall = inPerson(.hall, halls, trips: item.tripsHall, threshold: parameters.hallThresholdMinutes)
        if let hall { options.append(hall) }
        if let kiosk = inPerson(.kiosk, kiosks, trips: item.tripsKiosk, threshold: parameters.kioskThresholdMinutes) {
            options.append(kiosk)
        }
        options += remoteOptions(item, halls: halls, reachable: reachable, waits: waits, video: video)
        if let assisted = handIn(item, reachable: reachable, waits: waits) { options.append(assisted) }
        return options
    }

    /// Online, video from home and (`video_access: desk`) video at the best desk.
    func remoteOptions(_ item: ServiceItem, halls: [SiteVisit], reachable: [(site: Int, minutes: Double)], waits: [Double],
                       video: Int?) -> [Option] {
        var options: [Option] = []
        // The in-person part of a remote completion (现场勘查) is done at the best hall.
        let bestHall = best(halls)
        guard item.tripsOnline == 0 || bestHall != nil else { return options }
        let hallVisit = bestHall?.visitMinutes ?? 0
        let remoteTravel = item.tripsOnline > 0 ? item.tripsOnline * 2 * (bestHall?.travelMinutes ?? 0) : 0
        let remoteWithin = item.tripsOnline == 0 || (halls.map(\.travelMinutes).min() ?? .infinity) <= parameters.hallThresholdMinutes
        func remote(_ choice: ChannelChoice, minutes: Double, channel: Int) -> Option {
            let cost = TwinRules.remoteCost(remoteMinutes: minutes, tripsOnline: item.tripsOnline, hallVisitMinutes: hallVisit)
            return Option(choice: choice, cost: cost, reportedCost: cost, trips: item.tripsOnline, travelMinutes: remoteTravel,
                          withinReach: remoteWithin, destination: .channel(channel))
        }
        if let k = bestOnlineChannel(item) {
            options.append(remote(.online, minutes: input.channels[k].effortMinutes, channel: k))
        }
        if let k = video {
            let minutes = TwinRules.videoMinutes(handlingMinutes: input.channels[k].handlingMinutes,
                                                 waitMinutes: waits[input.sites.count + k])
            let home = remote(.video, minutes: minutes, channel: k)
            options.append(home)
            let desks = reachable.filter { TwinRules.hasVideoDesk(input.sites[$0.site]) }.map {
                SiteVisit(site: $0.site, travelMinutes: $0.minutes,
                          visitMinutes: TwinRules.visitMinutes(travelMinutes: $0.minutes, waitMinutes: waits[$0.site]))
            }
            if parameters.videoAccess == .desk, let desk = best(desks) {
                let cost = TwinRules.deskVideoCost(videoCost: home.cost, deskVisitMinutes: desk.visitMinutes)
                let nearestDesk = desks.map(\.travelMinutes).min() ?? .infinity
                options.append(Option(choice: .video, cost: cost, reportedCost: cost, trips: item.tripsOnline + 1,
                                      travelMinutes: remoteTravel + 2 * desk.travelMinutes,
                                      withinReach: remoteWithin && nearestDesk <= parameters.hallThresholdMinutes,
                                      destination: .channel(k), atDesk: true))
            }
        }
        return options
    }

    /// 帮办代办: the hand-in at the best reachable hall of a hand-in tier that forwards `item` to
    /// a back office (`TwinRules.backOffice`), its trips (hand-in, and collection unless posted).
    func handIn(_ item: ServiceItem, reachable: [(site: Int, minutes: Double)], waits: [Double]) -> Option? {
        guard let assisted = parameters.assisted else { return nil }
        let capable = input.sites.indices.filter { siteAvailable[$0] && input.sites[$0].handles(item) }
        var fronts: [SiteVisit] = [], backs: [Int: Int] = [:]
        for (j, minutes) in reachable where TwinRules.acceptsHandIns(input.sites[j], assisted: assisted) {
            guard let back = TwinRules.backOffice(front: j, capable: capable, sites: input.sites,
                                                  siteDistrict: input.siteDistrict) else { continue }
            fronts.append(SiteVisit(site: j, travelMinutes: minutes,
                                    visitMinutes: TwinRules.visitMinutes(travelMinutes: minutes, waitMinutes: waits[j])))
            backs[j] = back
        }
        guard let front = best(fronts), let back = backs[front.site] else { return nil }
        let nearest = fronts.map(\.travelMinutes).min() ?? .infinity
        let cost = TwinRules.inPersonCost(trips: assisted.trips, visitMinutes: front.visitMinutes)
        return Option(choice: .assisted, cost: cost, reportedCost: cost, trips: assisted.trips,
                      travelMinutes: assisted.trips * 2 * front.travelMinutes,
                      withinReach: nearest <= parameters.hallThresholdMinutes, destination: .handIn(front: front.site, back: back))
    }

    /// The capable sites of `kind` among `reachable`, with their visit minutes at `waits`.
    func visits(_ kind: SiteKind, _ item: ServiceItem, reachable: [(site: Int, minutes: Double)], waits: [Double]) -> [SiteVisit] {
        reachable.filter { input.sites[$0.site].kind == kind && input.sites[$0.site].handles(item) }.map {
            SiteVisit(site: $0.site, travelMinutes: $0.minutes,
                      visitMinutes: TwinRules.visitMinutes(travelMinutes: $0.minutes, waitMinutes: waits[$0.site]))
        }
    }

    /// The visit with the least visit minutes, the lower site index on ties.
    func best(_ visits: [SiteVisit]) -> SiteVisit? {
        visits.min { ($0.visitMinutes, $0.site) < ($1.visitMinutes, $1.site) }
    }

    /// The hall or kiosk option over the capable sites `visits`: the best one's cost, or with a
    /// logit the kind's logsum over all of them (weights relative to the best site) and their
    /// expected cost and travel; completions spread by those weights.
    func inPerson(_ choice: ChannelChoice, _ visits: [SiteVisit], trips: Double, threshold: Double) -> Option? {
        guard let best = best(visits) else { return nil }
        let nearest = visits.map(\.travelMinutes).min() ?? .infinity
        let within = trips == 0 || nearest <= threshold
        let cost = TwinRules.inPersonCost(trips: trips, visitMinutes: best.visitMinutes)
        guard let theta = parameters.logitScalePerMinute else {
            return Option(choice: choice, cost: cost, reportedCost: cost, trips: trips,
                          travelMinutes: trips * 2 * best.travelMinutes, withinReach: within,
                          destination: .sites([(best.site, 1)]))
        }
        let weights = visits.map { exp(-theta * trips * ($0.visitMinutes - best.visitMinutes)) }
        var weight = 0.0, weightedCost = 0.0, weightedTravel = 0.0
        for (visit, w) in zip(visits, weights) {
            weight += w
            weightedCost += w * trips * visit.visitMinutes
            weightedTravel += w * trips * 2 * visit.travelMinutes
        }
        return Option(choice: choice, cost: cost - log(weight) / theta, reportedCost: weightedCost / weight,
                      trips: trips, travelMinutes: weightedTravel / weight, withinReach: within,
                      destination: .sites(zip(visits, weights).map { ($0.site, $1 / weight) }))
    }
}
