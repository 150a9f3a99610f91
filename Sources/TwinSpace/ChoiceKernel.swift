import Dispatch
import Model
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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

/// Slots written by exactly one worker each (chunk results), read after all workers finished.
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

/// Base addresses of the travel arrays during one evaluation (the arrays outlive it).
struct TravelPointers: @unchecked Sendable {
    let offsets: UnsafePointer<Int>?
    let site: UnsafePointer<Int32>?
    let minutes: UnsafePointer<Double>?
}

/// What changes between evaluations: waits (sites, then channels) and the best video channel
/// per item at those waits.
struct RoundArrays: Sendable {
    let waits: Flat<Double>
    let videoBest: Flat<Int>
    let videoCost: Flat<Double>
}

/// The best capable site of one kind for one capability group in a cell's row: the least visit
/// minutes, the lower index on ties (-1: none), its visit and one-way minutes; and the nearest
/// one's one-way minutes. Offered the row's sites in any order, it ends at the same site.
struct BestSite {
    var site = -1, visit = Double.infinity, travel = Double.infinity, nearest = Double.infinity

    @inline(__always) mutating func offer(_ j: Int, travel t: Double, visit cost: Double) {
        if t < nearest { nearest = t }
        if cost < visit || (cost == visit && j < site) { visit = cost; site = j; travel = t }
    }

    /// The best and nearest of the sites offered to `self` and to `other`.
    @inline(__always) mutating func merge(_ other: BestSite) {
        if other.nearest < nearest { nearest = other.nearest }
        if other.visit < visit || (other.visit == visit && other.site < site) {
            visit = other.visit; site = other.site; travel = other.travel
        }
    }
}

/// A capability group's best halls, kiosks and hand-in sites (帮办代办: those that forward its items).
struct GroupBest {
    var hall = BestSite(), kiosk = BestSite(), front = BestSite()
}

/// The segment rules of `TwinRules` (who may go online, use video, at a desk) for both
/// segments: they depend on `video_access` only, so the kernel reads them once per chunk.
struct SegmentRules {
    let digitalOnline: Bool, notDigitalOnline: Bool
    let digitalVideo: Bool, notDigitalVideo: Bool
    let digitalAtDesk: Bool, notDigitalAtDesk: Bool

    init(_ access: VideoAccess) {
        digitalOnline = TwinRules.segmentMayUse(.online, .digital, videoAccess: access)
        notDigitalOnline = TwinRules.segmentMayUse(.online, .notDigital, videoAccess: access)
        digitalVideo = TwinRules.segmentMayUse(.video, .digital, videoAccess: access)
        notDigitalVideo = TwinRules.segmentMayUse(.video, .notDigital, videoAccess: access)
        digitalAtDesk = TwinRules.videoAtDesk(.digital, videoAccess: access)
        notDigitalAtDesk = TwinRules.videoAtDesk(.notDigital, videoAccess: access)
    }
}

/// Scratch memory of one `runChunk` call, one named buffer each, freed by `deallocate()`.
struct ChunkScratch {
    /// Per capability group: its best and nearest hall, kiosk and hand-in site (`GroupBest`).
    let groupBest: UnsafeMutablePointer<GroupBest>
    /// Per site list (`SiteArrays.siteList`): the best and nearest of the row's sites with that
    /// list, and the cell whose row last touched it (-1: none); the lists the cell touched.
    let listBest: UnsafeMutablePointer<BestSite>, listCell: UnsafeMutablePointer<Int>
    let touchedLists: UnsafeMutablePointer<Int>
    /// The chunk's loads: completions and handling minutes per site, completions per channel.
    let loadCompletions: UnsafeMutablePointer<Double>, loadHandling: UnsafeMutablePointer<Double>
    let loadChannel: UnsafeMutablePointer<Double>
    /// Per served option (`ChannelChoice` raw value) of the current (cell, item): the cost the
    /// choice compares, its share, round-trip travel, trips and reported cost; and per cell the
    /// share of its demand each option takes.
    let costs: UnsafeMutablePointer<Double>, shares: UnsafeMutablePointer<Double>
    let travels: UnsafeMutablePointer<Double>, tripCounts: UnsafeMutablePointer<Double>
    let outCosts: UnsafeMutablePointer<Double>, kindShare: UnsafeMutablePointer<Double>
    /// Logit only, per class: Σ weights, Σ weight·cost, Σ weight·travel (weights relative to
    /// the group's best site), then the completions and handling minutes the class sends.
    let classWeight: UnsafeMutablePointer<Double>, classCost: UnsafeMutablePointer<Double>
    let classTravel: UnsafeMutablePointer<Double>, classCompletions: UnsafeMutablePointer<Double>
    let classHandling: UnsafeMutablePointer<Double>
    /// Logit only: the within-kind weight of every (entry, class) link of a row, computed in
    /// the first logit pass and reused, in the same order, to spread the class completions.
    let linkWeights: UnsafeMutablePointer<Double>
    /// Per item, `ItemSums.width` figures of the chunk's choice per unit of demand.
    let itemSums: UnsafeMutablePointer<Double>, itemCount: Int

    init(groups g: Int, lists: Int, sites: Int, channels: Int, classes: Int, links: Int, items: Int) {
        func doubles(_ n: Int) -> UnsafeMutablePointer<Double> { .allocate(capacity: max(n, 1)) }
        groupBest = .allocate(capacity: max(g, 1))
        groupBest.initialize(repeating: GroupBest(), count: max(g, 1))
        listBest = .allocate(capacity: max(lists, 1))
        listBest.initialize(repeating: BestSite(), count: max(lists, 1))
        listCell = .allocate(capacity: max(lists, 1))
        listCell.initialize(repeating: -1, count: max(lists, 1))
        touchedLists = .allocate(capacity: max(lists, 1))
        loadCompletions = doubles(sites); loadHandling = doubles(sites); loadChannel = doubles(channels)
        loadCompletions.initialize(repeating: 0, count: sites)
        loadHandling.initialize(repeating: 0, count: sites)
        loadChannel.initialize(repeating: 0, count: channels)
        let n = ChannelChoice.servedCount
        costs = doubles(n); shares = doubles(n); travels = doubles(n); tripCounts = doubles(n)
        outCosts = doubles(n); kindShare = doubles(n)
        classWeight = doubles(classes); classCost = doubles(classes); classTravel = doubles(classes)
        classCompletions = doubles(classes); classHandling = doubles(classes)
        linkWeights = doubles(links)
        itemCount = items
        itemSums = doubles(items * ItemSums.width)
        itemSums.initialize(repeating: 0, count: items * ItemSums.width)
    }

    func deallocate() {
        groupBest.deallocate(); listBest.deallocate(); listCell.deallocate(); touchedLists.deallocate()
        for p in [loadCompletions, loadHandling, loadChannel, costs, shares, travels, tripCounts, outCosts, kindShare,
                  classWeight, classCost, classTravel, classCompletions, classHandling, linkWeights, itemSums] { p.deallocate() }
    }
}

extension Prepared {
    /// The choice kernel (a hot kernel; its plain reference is `TwinChoice`): the choice for the cells of one chunk, their figures into `cells`,
    /// the chunk's loads returned. It computes what `TwinChoice` (the reference, which reads
    /// like the rules) computes, and a test compares the two on random districts.
    ///
    /// Why it is specialised: it runs for every cell at every fixed-point evaluation, so it
    /// finds the best hall and kiosk once per capability group from the cell's sparse travel
    /// row instead of once per item and site, shares the logit's within-kind weights by class,
    /// and reads raw pointers of `Flat` copies (indices were validated) so that no element
    /// access pays for reference counting or copy-on-write checks, which would also make the
    /// threads contend for the arrays' shared headers. Its sums run in the reference's order (but
    /// for site loads under a logit, which it adds per class: see `ReferenceChoiceTests`).
    func runChunk(_ chunk: Int, travel: TravelPointers, round: RoundArrays, cells: CellBuffer) -> ChunkLoads {
        let channelCount = channels.count
        let itemCount = self.itemCount
        // Never nil: `Prepared` keeps at least one element in each travel array.
        guard let offsets = travel.offsets, let travelSite = travel.site, let travelMinutes = travel.minutes else {
            return ChunkLoads()
        }
        let siteAvailable = sites.available.base, siteIsHall = sites.isHall.base
        let siteGroupOffsets = sites.groupOffsets.base, siteGroups = sites.groups.base
        let siteDistrict = sites.district.base, cellDistrict = self.cells.district.base
        let hasDistricts = self.cells.district.count > 0, crossDistrict = self.crossDistrict
        let itemRecords = items.records.base
        let population = self.cells.population.base, digital = self.cells.digital.base, elderly = self.cells.elderly.base
        let waits = round.waits.base, videoBest = round.videoBest.base, videoCost = round.videoCost.base
        let classIsHall = classes.isHall.base, classTrips = classes.trips.base
        let groupClassOffsets = classes.groupOffsets.base, groupClasses = classes.groups.base
        let givenNearestHall = nearest?.hall, givenNearestKiosk = nearest?.kiosk
        let hallThreshold = self.hallThreshold, kioskThreshold = self.kioskThreshold
        let logitScale = self.logitScale
        let hallO = ChannelChoice.hall.rawValue, kioskO = ChannelChoice.kiosk.rawValue
        let onlineO = ChannelChoice.online.rawValue, videoO = ChannelChoice.video.rawValue
        let assistedO = ChannelChoice.assisted.rawValue
        let served = ChannelChoice.servedCount
        let acceptsHandIns = assisted.acceptsHandIns.base, hasDesk = assisted.hasDesk.base
        let backOffice = assisted.backOffice.base
        let assistedTrips = assisted.trips, frontMinutes = assisted.frontMinutes
        let videoAccess = assisted.videoAccess
        let rules = SegmentRules(videoAccess)

        let g = groupCount
        let nc = classes.count
        let first = chunk * TwinModel.chunkCells
        let last = min(first + TwinModel.chunkCells, cellCount)
        var longestRow = 0
        if logitScale != nil {
            for c in first..<last { longestRow = max(longestRow, offsets[c + 1] - offsets[c]) }
        }
        let s = ChunkScratch(groups: g, lists: sites.listIsHall.count, sites: siteCount, channels: channelCount, classes: nc,
                             links: longestRow * maxClassLinksPerSite, items: itemCount)
        defer { s.deallocate() }
        let groupBest = s.groupBest, listBest = s.listBest, listCell = s.listCell, touchedLists = s.touchedLists
        let listIsHall = sites.listIsHall.base
        let siteList = sites.siteList.base, listOffsets = sites.listOffsets.base, listGroups = sites.listGroups.base
        let loadCompletions = s.loadCompletions, loadHandling = s.loadHandling, loadChannel = s.loadChannel
        let costs = s.costs, shares = s.shares, travels = s.travels, tripCounts = s.tripCounts
        let outCosts = s.outCosts, kindShare = s.kindShare
        let classWeight = s.classWeight, classCost = s.classCost, classTravel = s.classTravel
        let classCompletions = s.classCompletions, classHandling = s.classHandling, linkWeights = s.linkWeights
        var available = (false, false, false, false, false)

        for c in first..<last {
            // Best and nearest capable hall and kiosk of each capability group, from the row.
            // A site offers itself once to its list; the lists then go to their groups.
            groupBest.update(repeating: GroupBest(), count: g)
            var touched = 0
            // The best and nearest video desk (one per cell: desks serve every item).
            var bestDesk = -1, bestDeskCost = Double.infinity, bestDeskTravel = Double.infinity
            var nearestDesk = Double.infinity
            var nearestAnyHall = Double.infinity
            var nearestAnyKiosk = Double.infinity
            for e in offsets[c]..<offsets[c + 1] {
                let j = Int(travelSite[e])
                guard siteAvailable[j] else { continue }
                let t = travelMinutes[e]
                let cost = TwinRules.visitMinutes(travelMinutes: t, waitMinutes: waits[j])
                if siteIsHall[j] {
                    if hasDistricts, !TwinRules.hallMayServe(cellDistrict: cellDistrict[c], hallDistrict: siteDistrict[j],
                                                              crossDistrict: crossDistrict) { continue }
                    nearestAnyHall = min(nearestAnyHall, t)
                    if acceptsHandIns[j] {
                        for k in 0..<g where backOffice[j * g + k] >= 0 { groupBest[k].front.offer(j, travel: t, visit: cost) }
                    }
                    if hasDesk[j] {
                        if t < nearestDesk { nearestDesk = t }
                        if cost < bestDeskCost || (cost == bestDeskCost && j < bestDesk) {
                            bestDeskCost = cost; bestDesk = j; bestDeskTravel = t
                        }
                    }
                } else {
                    nearestAnyKiosk = min(nearestAnyKiosk, t)
                }
                let list = Int(siteList[j])
                if listCell[list] != c {
                    listCell[list] = c; listBest[list] = BestSite()
                    touchedLists[touched] = list; touched += 1
                }
                listBest[list].offer(j, travel: t, visit: cost)
            }
            // The best of a group is the best of its lists' bests (the least (visit, site) pair).
            for n in 0..<touched {
                let list = touchedLists[n], best = listBest[list]
                if listIsHall[list] {
                    for m in listOffsets[list]..<listOffsets[list + 1] { groupBest[Int(listGroups[m])].hall.merge(best) }
                } else {
                    for m in listOffsets[list]..<listOffsets[list + 1] { groupBest[Int(listGroups[m])].kiosk.merge(best) }
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
                    if isHall, hasDistricts, !TwinRules.hallMayServe(cellDistrict: cellDistrict[c], hallDistrict: siteDistrict[j],
                                                                      crossDistrict: crossDistrict) { continue }
                    let t = travelMinutes[e]
                    let cost = TwinRules.visitMinutes(travelMinutes: t, waitMinutes: waits[j])
                    for m in siteGroupOffsets[j]..<siteGroupOffsets[j + 1] {
                        let k = Int(siteGroups[m])
                        let base = isHall ? groupBest[k].hall.visit : groupBest[k].kiosk.visit
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
            for o in 0..<served { kindShare[o] = 0 }
            var unserved = 0.0, trips = 0.0, travel = 0.0, cost = 0.0, zeroTrip = 0.0
            var gapDigital = 0.0, gapNotDigital = 0.0
            for i in 0..<itemCount {
                // An item without demand adds nothing to the sums, but gets its per-item figures.
                let item = itemRecords[i]
                let q = item.perResident
                let k = item.group
                let best = groupBest[k]
                let hall = best.hall.site, kiosk = best.kiosk.site, front = best.front.site
                // In-person part of a remote completion (现场勘查), at the hall option's hall.
                let remoteTrips = item.tripsOnline
                var remoteReachable = true, remoteWithin = true
                var remoteTravel = 0.0
                if remoteTrips > 0 {
                    if hall >= 0 {
                        remoteTravel = remoteTrips * 2 * best.hall.travel
                        remoteWithin = best.hall.nearest <= hallThreshold
                    } else {
                        remoteReachable = false; remoteWithin = false
                    }
                }
                let onlineOK = item.onlineChannel >= 0 && remoteReachable
                let videoOK = videoBest[i] >= 0 && remoteReachable
                costs[hallO] = hall >= 0 ? TwinRules.inPersonCost(trips: item.tripsHall, visitMinutes: best.hall.visit) : .infinity
                costs[kioskO] = kiosk >= 0 ? TwinRules.inPersonCost(trips: item.tripsKiosk, visitMinutes: best.kiosk.visit) : .infinity
                costs[onlineO] = onlineOK ? TwinRules.remoteCost(remoteMinutes: item.onlineEffort, tripsOnline: remoteTrips,
                                                                 hallVisitMinutes: best.hall.visit) : .infinity
                costs[videoO] = videoOK ? TwinRules.remoteCost(remoteMinutes: videoCost[i], tripsOnline: remoteTrips,
                                                               hallVisitMinutes: best.hall.visit) : .infinity
                travels[hallO] = hall >= 0 ? item.tripsHall * 2 * best.hall.travel : 0
                travels[kioskO] = kiosk >= 0 ? item.tripsKiosk * 2 * best.kiosk.travel : 0
                travels[onlineO] = remoteTravel
                travels[videoO] = remoteTravel
                tripCounts[hallO] = item.tripsHall
                tripCounts[kioskO] = item.tripsKiosk
                tripCounts[onlineO] = remoteTrips
                tripCounts[videoO] = remoteTrips
                // 帮办代办: hand-in (and collection) trips to the best hand-in site.
                costs[assistedO] = front >= 0 ? TwinRules.inPersonCost(trips: assistedTrips, visitMinutes: best.front.visit) : .infinity
                travels[assistedO] = front >= 0 ? assistedTrips * 2 * best.front.travel : 0
                tripCounts[assistedO] = assistedTrips
                // Video at the best desk, for the not digital when `video_access: desk`.
                let deskOK = videoOK && bestDesk >= 0
                let deskCost = deskOK ? TwinRules.deskVideoCost(videoCost: costs[videoO], deskVisitMinutes: bestDeskCost) : .infinity
                let deskTravel = deskOK ? remoteTravel + 2 * bestDeskTravel : 0
                for o in 0..<served { outCosts[o] = costs[o] }
                if let theta = logitScale {
                    // A kind enters the logit with its logsum over its sites (a flat logit over
                    // all sites); its expected cost and travel are the within-kind means.
                    if hall >= 0 {
                        let cls = item.hallClass
                        costs[hallO] -= log(classWeight[cls]) / theta
                        outCosts[hallO] = classCost[cls] / classWeight[cls]
                        travels[hallO] = classTravel[cls] / classWeight[cls]
                    }
                    if kiosk >= 0 {
                        let cls = item.kioskClass
                        costs[kioskO] -= log(classWeight[cls]) / theta
                        outCosts[kioskO] = classCost[cls] / classWeight[cls]
                        travels[kioskO] = classTravel[cls] / classWeight[cls]
                    }
                }

                // Gaps: is some option within reach (thresholds, not waits)?
                let hallWithin = hall >= 0 && (item.tripsHall == 0 || best.hall.nearest <= hallThreshold)
                let kioskWithin = kiosk >= 0 && (item.tripsKiosk == 0 || best.kiosk.nearest <= kioskThreshold)
                let assistedWithin = front >= 0 && best.front.nearest <= hallThreshold
                let bothWithin = hallWithin || kioskWithin || assistedWithin
                let videoWithin = videoOK && remoteWithin
                let notDigitalVideoWithin = switch videoAccess {
                case .digital: false
                case .everyone: videoWithin
                case .desk: deskOK && remoteWithin && nearestDesk <= hallThreshold
                }
                if !(bothWithin || notDigitalVideoWithin) { gapNotDigital += q }
                if !(bothWithin || videoWithin || (onlineOK && remoteWithin)) { gapDigital += q }

                for segmentIndex in 0..<2 { // `Segment.allCases`, without an array per item
                    let isDigital = segmentIndex == 0
                    let segmentShare = isDigital ? digitalShare : 1 - digitalShare
                    guard segmentShare > 0 else { continue }
                    let w = segmentShare * q // completions per resident-year
                    let atDesk = isDigital ? rules.digitalAtDesk : rules.notDigitalAtDesk
                    if atDesk {
                        costs[videoO] = deskCost; outCosts[videoO] = deskCost
                        travels[videoO] = deskTravel; tripCounts[videoO] = remoteTrips + 1
                    }
                    available = (hall >= 0, kiosk >= 0, onlineOK && (isDigital ? rules.digitalOnline : rules.notDigitalOnline),
                                 (isDigital ? rules.digitalVideo : rules.notDigitalVideo) && (atDesk ? deskOK : videoOK),
                                 front >= 0)
                    var chosen = -1
                    if available.0 { chosen = hallO }
                    if available.1 && (chosen < 0 || costs[kioskO] < costs[chosen]) { chosen = kioskO }
                    if available.2 && (chosen < 0 || costs[onlineO] < costs[chosen]) { chosen = onlineO }
                    if available.3 && (chosen < 0 || costs[videoO] < costs[chosen]) { chosen = videoO }
                    if available.4 && (chosen < 0 || costs[assistedO] < costs[chosen]) { chosen = assistedO }
                    let itemRow = s.itemSums + i * ItemSums.width, unit = pop * segmentShare
                    guard chosen >= 0 else {
                        unserved += w
                        itemRow[ItemSums.unserved] += unit
                        continue
                    }
                    /// Adds `share` of the demand (completions per resident-year) taking option `o`
                    /// to the cell's sums and the loads.
                    @inline(__always) func take(_ o: Int, share: Double) {
                        kindShare[o] += share
                        trips += share * tripCounts[o]
                        travel += share * travels[o]
                        cost += share * outCosts[o]
                        if tripCounts[o] == 0 { zeroTrip += share }
                        let completions = pop * share
                        switch o {
                        case hallO where logitScale != nil:
                            classCompletions[item.hallClass] += completions
                            classHandling[item.hallClass] += completions * item.handling
                        case kioskO where logitScale != nil:
                            classCompletions[item.kioskClass] += completions
                            classHandling[item.kioskClass] += completions * item.handling
                        case hallO:
                            loadCompletions[hall] += completions
                            loadHandling[hall] += completions * item.handling
                        case kioskO:
                            loadCompletions[kiosk] += completions
                            loadHandling[kiosk] += completions * item.handling
                        case onlineO:
                            loadChannel[item.onlineChannel] += completions
                        case videoO:
                            loadChannel[videoBest[i]] += completions
                        default: // assisted: accepted at the front desk, processed at the back office
                            let back = Int(backOffice[front * g + k])
                            loadCompletions[front] += completions
                            loadHandling[front] += completions * frontMinutes
                            loadCompletions[back] += completions
                            loadHandling[back] += completions * item.handling
                        }
                    }
                    guard let theta = logitScale else {
                        // The cheapest takes it all: the logit's sums with shares 1 and 0 (w × 1 = w).
                        take(chosen, share: w)
                        // Per-item figures, per unit of the item's demand (a block of its own).
                        itemRow[chosen] += unit
                        itemRow[ItemSums.trips] += unit * tripCounts[chosen]
                        continue
                    }
                    shares[hallO] = available.0 ? exp(-theta * (costs[hallO] - costs[chosen])) : 0
                    shares[kioskO] = available.1 ? exp(-theta * (costs[kioskO] - costs[chosen])) : 0
                    shares[onlineO] = available.2 ? exp(-theta * (costs[onlineO] - costs[chosen])) : 0
                    shares[videoO] = available.3 ? exp(-theta * (costs[videoO] - costs[chosen])) : 0
                    shares[assistedO] = available.4 ? exp(-theta * (costs[assistedO] - costs[chosen])) : 0
                    let total = shares[hallO] + shares[kioskO] + shares[onlineO] + shares[videoO] + shares[assistedO]
                    for o in 0..<served { shares[o] /= total }
                    for o in 0..<served where shares[o] > 0 { take(o, share: w * shares[o]) }
                    // Per-item figures, per unit of the item's demand (a block of its own).
                    for o in 0..<served where shares[o] > 0 {
                        let taken = unit * shares[o]
                        itemRow[o] += taken
                        itemRow[ItemSums.trips] += taken * tripCounts[o]
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
                    if isHall, hasDistricts, !TwinRules.hallMayServe(cellDistrict: cellDistrict[c], hallDistrict: siteDistrict[j],
                                                                      crossDistrict: crossDistrict) { continue }
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

            let split = TwinRules.segments(elderlyShare: elderly[c], digitalShare: digitalShare,
                                           elderlyAdoptionRatio: elderlyAdoptionRatio)
            // The uncapped search's minutes when given: the rows stop at the travel cut-off.
            if let givenNearestHall { nearestAnyHall = givenNearestHall[c] }
            if let givenNearestKiosk { nearestAnyKiosk = givenNearestKiosk[c] }
            let figures = CellSums(unserved: unserved, trips: trips, travel: travel, cost: cost, zeroTrip: zeroTrip,
                                   gapDigital: gapDigital, gapNotDigital: gapNotDigital,
                                   kindShare: (kindShare[hallO], kindShare[kioskO], kindShare[onlineO], kindShare[videoO],
                                               kindShare[assistedO]))
            cells.set(c, figures.result(population: pop, split: split, nearestHall: nearestAnyHall,
                                        nearestKiosk: nearestAnyKiosk, demand: demand,
                                        hallThreshold: hallThreshold, kioskThreshold: kioskThreshold))
        }
        return ChunkLoads(s, siteCount: siteCount, channelCount: channelCount)
    }
}

/// Per resident-year sums of one cell over its items and segments: demand unserved, trips,
/// travel and cost minutes, zero-trip completions, gap demand per segment, and the demand each
/// served option takes (in `ChannelChoice` order).
struct CellSums {
    var unserved = 0.0, trips = 0.0, travel = 0.0, cost = 0.0, zeroTrip = 0.0
    var gapDigital = 0.0, gapNotDigital = 0.0
    var kindShare = (0.0, 0.0, 0.0, 0.0, 0.0)

    /// The cell's figures (shared by the kernel and the reference).
    func result(population pop: Double, split: TwinRules.SegmentSplit, nearestHall: Double, nearestKiosk: Double,
                demand: DemandTotals, hallThreshold: Double, kioskThreshold: Double) -> TwinCellResult {
        let perDemand = demand.completions > 0 ? 1 / demand.completions : 0
        let gapShareDigital = gapDigital * perDemand
        let gapShareNotDigital = gapNotDigital * perDemand
        let digitalShare = split.digital
        return TwinCellResult(
            nearestHallMinutes: nearestHall.isFinite ? nearestHall : nil,
            nearestKioskMinutes: nearestKiosk.isFinite ? nearestKiosk : nil,
            coveredHall: nearestHall <= hallThreshold,
            coveredKiosk: nearestKiosk <= kioskThreshold,
            completionsPerYear: pop * demand.completions,
            shareHall: kindShare.0 * perDemand, shareKiosk: kindShare.1 * perDemand,
            shareOnline: kindShare.2 * perDemand, shareVideo: kindShare.3 * perDemand,
            unservedShare: unserved * perDemand,
            tripsPerResidentYear: trips, travelMinutesPerResidentYear: travel,
            costMinutesPerResidentYear: cost,
            documentsPerResidentYear: demand.documents,
            timeLimitDaysPerResidentYear: demand.timeLimitDays,
            zeroTripShare: (zeroTrip + demand.noApplication) * perDemand,
            gapPopulation: pop * (digitalShare * gapShareDigital + (1 - digitalShare) * gapShareNotDigital),
            gapElderly: pop * (split.elderlyDigital * gapShareDigital + split.elderlyNotDigital * gapShareNotDigital),
            gapNotDigital: pop * (1 - digitalShare) * gapShareNotDigital,
            shareNoApplication: demand.noApplication * perDemand,
            inspectionStaffMinutesPerResidentYear: demand.inspectionMinutes,
            shareAssisted: kindShare.4 * perDemand)
    }
}
