import Model

/// Items the minimum-cost choice cannot tell apart in any cell at any waits: the same capability
/// group, hall, kiosk and remote trips, best online channel (and effort) and video channels (so
/// the same best video channel and minutes at every evaluation). Their options, costs and gaps
/// are decided once per cell; only the sums, which weigh each item by its own demand, run per
/// item. Profiles are numbered by their first item.
struct ItemProfiles: Sendable {
    /// Per item: its profile.
    let itemProfile: Flat<Int32>
    /// Per profile: what the choice reads (the first item's fields, equal for all of them).
    let records: Flat<ProfileRecord>

    init(_ items: ItemArrays, videoChannels: [[Int]]) {
        var index: [ProfileKey: Int32] = [:]
        var itemProfile: [Int32] = [], records: [ProfileRecord] = []
        for i in 0..<items.records.count {
            let item = items.records[i]
            let key = ProfileKey(group: item.group,
                                 trips: [item.tripsHall.bitPattern, item.tripsKiosk.bitPattern, item.tripsOnline.bitPattern],
                                 onlineChannel: item.onlineChannel, onlineEffort: item.onlineEffort.bitPattern,
                                 videoChannels: videoChannels[i])
            if let profile = index[key] { itemProfile.append(profile); continue }
            index[key] = Int32(records.count)
            itemProfile.append(Int32(records.count))
            records.append(ProfileRecord(group: item.group, tripsHall: item.tripsHall, tripsKiosk: item.tripsKiosk,
                                         tripsOnline: item.tripsOnline, onlineChannel: item.onlineChannel,
                                         onlineEffort: item.onlineEffort, firstItem: i))
        }
        self.itemProfile = Flat(itemProfile)
        self.records = Flat(records)
    }

    var count: Int { records.count }

    struct ProfileKey: Hashable {
        let group: Int
        /// Bit patterns: profiles are equal only where every product is.
        let trips: [UInt64]
        let onlineChannel: Int, onlineEffort: UInt64
        let videoChannels: [Int]
    }
}

/// What the minimum-cost choice reads of a profile's items.
struct ProfileRecord: BitwiseCopyable {
    let group: Int
    let tripsHall: Double, tripsKiosk: Double, tripsOnline: Double
    let onlineChannel: Int, onlineEffort: Double
    /// The item whose best video channel and minutes (`RoundArrays`, per item) the profile reads.
    let firstItem: Int
}

/// One segment's minimum-cost option for a profile in one cell (`option` -1: unserved): its
/// in-person trips, round-trip travel and cost minutes, and where its completions go (`site`: a
/// site or, for online and video, a channel; `back`: an assisted hand-in's back office).
struct SegmentChoice {
    var option = -1, site = -1, back = -1
    var trips = 0.0, travel = 0.0, cost = 0.0
}

/// The cell-wide part of a row scan beside the group bests: the best and nearest video desk and
/// the nearest hall and kiosk of any group.
struct RowExtras {
    var bestDesk = -1, bestDeskCost = Double.infinity, bestDeskTravel = Double.infinity
    var nearestDesk = Double.infinity
    var nearestAnyHall = Double.infinity, nearestAnyKiosk = Double.infinity
}

extension Prepared {
    /// The minimum-cost choice kernel (a hot kernel; its plain reference is `TwinChoice`, and
    /// `runChunk`, which it replaces when there is no logit, computes the same per item): the
    /// choice for the cells of one chunk, their figures into `cells`, the chunk's loads returned.
    ///
    /// Why it is specialised: per cell it decides each item profile's option once for both
    /// segments (`ItemProfiles`: 32 items of the generated districts are 21 profiles), in local
    /// values rather than per-option scratch arrays, then adds every item's demand in item order,
    /// so every sum is made of the same terms in the same order as the reference's: the same bits.
    func runCheapestChunk(_ chunk: Int, travel: TravelPointers, round: RoundArrays, cells: CellBuffer) -> ChunkLoads {
        guard let offsets = travel.offsets, let travelSite = travel.site, let travelMinutes = travel.minutes else {
            return ChunkLoads()
        }
        let channelCount = channels.count, itemCount = self.itemCount, g = groupCount
        let itemRecords = items.records.base, itemProfile = profiles.itemProfile.base
        let profileRecords = profiles.records.base, profileCount = profiles.count
        let population = self.cells.population.base, digital = self.cells.digital.base, elderly = self.cells.elderly.base
        let waits = round.waits.base, videoBest = round.videoBest.base, videoCost = round.videoCost.base
        let givenNearestHall = nearest?.hall, givenNearestKiosk = nearest?.kiosk
        let hallThreshold = self.hallThreshold, kioskThreshold = self.kioskThreshold
        let hallO = ChannelChoice.hall.rawValue, kioskO = ChannelChoice.kiosk.rawValue
        let onlineO = ChannelChoice.online.rawValue, videoO = ChannelChoice.video.rawValue
        let assistedO = ChannelChoice.assisted.rawValue
        let backOffice = assisted.backOffice.base
        let assistedTrips = assisted.trips, frontMinutes = assisted.frontMinutes
        let videoAccess = assisted.videoAccess
        let rules = SegmentRules(videoAccess)
        let first = chunk * TwinModel.chunkCells
        let last = min(first + TwinModel.chunkCells, cellCount)
        let s = ChunkScratch(groups: g, lists: sites.listIsHall.count, sites: siteCount, channels: channelCount, classes: 0,
                             links: 0, items: itemCount)
        let choices = UnsafeMutablePointer<SegmentChoice>.allocate(capacity: max(2 * profileCount, 1))
        choices.initialize(repeating: SegmentChoice(), count: max(2 * profileCount, 1))
        /// Per profile: bit 0 a gap for the digital segment, bit 1 for the not digital.
        let gapFlags = UnsafeMutablePointer<UInt8>.allocate(capacity: max(profileCount, 1))
        defer { s.deallocate(); choices.deallocate(); gapFlags.deallocate() }
        let groupBest = s.groupBest, kindShare = s.kindShare
        let loadCompletions = s.loadCompletions, loadHandling = s.loadHandling, loadChannel = s.loadChannel
        let scan = RowScan(self, travelSite: travelSite, travelMinutes: travelMinutes, waits: waits, scratch: s)

        for c in first..<last {
            var extras = scan.bests(cell: c, entries: offsets[c]..<offsets[c + 1])

            // Each profile's option for both segments, and its gaps.
            for p in 0..<profileCount {
                let profile = profileRecords[p]
                let k = profile.group
                let best = groupBest[k]
                let hall = best.hall.site, kiosk = best.kiosk.site, front = best.front.site
                // In-person part of a remote completion (现场勘查), at the hall option's hall.
                let remoteTrips = profile.tripsOnline
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
                let video = videoBest[profile.firstItem]
                let onlineOK = profile.onlineChannel >= 0 && remoteReachable
                let videoOK = video >= 0 && remoteReachable
                let hallCost = hall >= 0 ? TwinRules.inPersonCost(trips: profile.tripsHall, visitMinutes: best.hall.visit) : .infinity
                let kioskCost = kiosk >= 0 ? TwinRules.inPersonCost(trips: profile.tripsKiosk, visitMinutes: best.kiosk.visit)
                    : .infinity
                let onlineCost = onlineOK ? TwinRules.remoteCost(remoteMinutes: profile.onlineEffort, tripsOnline: remoteTrips,
                                                                 hallVisitMinutes: best.hall.visit) : .infinity
                let videoCostHere = videoOK ? TwinRules.remoteCost(remoteMinutes: videoCost[profile.firstItem],
                                                                   tripsOnline: remoteTrips, hallVisitMinutes: best.hall.visit)
                    : .infinity
                let hallTravel = hall >= 0 ? profile.tripsHall * 2 * best.hall.travel : 0
                let kioskTravel = kiosk >= 0 ? profile.tripsKiosk * 2 * best.kiosk.travel : 0
                // 帮办代办: hand-in (and collection) trips to the best hand-in site.
                let assistedCost = front >= 0 ? TwinRules.inPersonCost(trips: assistedTrips, visitMinutes: best.front.visit)
                    : .infinity
                let assistedTravel = front >= 0 ? assistedTrips * 2 * best.front.travel : 0
                // Video at the best desk, for the not digital when `video_access: desk`.
                let deskOK = videoOK && extras.bestDesk >= 0
                let deskCost = deskOK ? TwinRules.deskVideoCost(videoCost: videoCostHere, deskVisitMinutes: extras.bestDeskCost)
                    : .infinity
                let deskTravel = deskOK ? remoteTravel + 2 * extras.bestDeskTravel : 0

                // Gaps: is some option within reach (thresholds, not waits)?
                let hallWithin = hall >= 0 && (profile.tripsHall == 0 || best.hall.nearest <= hallThreshold)
                let kioskWithin = kiosk >= 0 && (profile.tripsKiosk == 0 || best.kiosk.nearest <= kioskThreshold)
                let assistedWithin = front >= 0 && best.front.nearest <= hallThreshold
                let bothWithin = hallWithin || kioskWithin || assistedWithin
                let videoWithin = videoOK && remoteWithin
                let notDigitalVideoWithin = switch videoAccess {
                case .digital: false
                case .everyone: videoWithin
                case .desk: deskOK && remoteWithin && extras.nearestDesk <= hallThreshold
                }
                let gapDigital = !(bothWithin || videoWithin || (onlineOK && remoteWithin))
                let gapNotDigital = !(bothWithin || notDigitalVideoWithin)
                gapFlags[p] = (gapDigital ? 1 : 0) | (gapNotDigital ? 2 : 0)

                for segmentIndex in 0..<2 { // digital, then not digital
                    let isDigital = segmentIndex == 0
                    let atDesk = isDigital ? rules.digitalAtDesk : rules.notDigitalAtDesk
                    let videoCostFor = atDesk ? deskCost : videoCostHere
                    let online = onlineOK && (isDigital ? rules.digitalOnline : rules.notDigitalOnline)
                    let videoAllowed = (isDigital ? rules.digitalVideo : rules.notDigitalVideo) && (atDesk ? deskOK : videoOK)
                    var choice = SegmentChoice()
                    var chosenCost = Double.infinity
                    if hall >= 0 {
                        choice = SegmentChoice(option: hallO, site: hall, trips: profile.tripsHall, travel: hallTravel,
                                               cost: hallCost)
                        chosenCost = hallCost
                    }
                    if kiosk >= 0 && (choice.option < 0 || kioskCost < chosenCost) {
                        choice = SegmentChoice(option: kioskO, site: kiosk, trips: profile.tripsKiosk, travel: kioskTravel,
                                               cost: kioskCost)
                        chosenCost = kioskCost
                    }
                    if online && (choice.option < 0 || onlineCost < chosenCost) {
                        choice = SegmentChoice(option: onlineO, site: profile.onlineChannel, trips: remoteTrips,
                                               travel: remoteTravel, cost: onlineCost)
                        chosenCost = onlineCost
                    }
                    if videoAllowed && (choice.option < 0 || videoCostFor < chosenCost) {
                        choice = SegmentChoice(option: videoO, site: video, trips: atDesk ? remoteTrips + 1 : remoteTrips,
                                               travel: atDesk ? deskTravel : remoteTravel, cost: videoCostFor)
                        chosenCost = videoCostFor
                    }
                    if front >= 0 && (choice.option < 0 || assistedCost < chosenCost) {
                        choice = SegmentChoice(option: assistedO, site: front, back: Int(backOffice[front * g + k]),
                                               trips: assistedTrips, travel: assistedTravel, cost: assistedCost)
                    }
                    choices[2 * p + segmentIndex] = choice
                }
            }

            // Every item's demand, in item order (the reference's order of every sum).
            let pop = population[c]
            let digitalShare = digital[c]
            for o in 0..<ChannelChoice.servedCount { kindShare[o] = 0 }
            var sums = CellSums()
            for i in 0..<itemCount {
                let item = itemRecords[i]
                let p = Int(itemProfile[i])
                let q = item.perResident
                let flags = gapFlags[p]
                if flags & 2 != 0 { sums.gapNotDigital += q }
                if flags & 1 != 0 { sums.gapDigital += q }
                let itemRow = s.itemSums + i * ItemSums.width
                for segmentIndex in 0..<2 {
                    let segmentShare = segmentIndex == 0 ? digitalShare : 1 - digitalShare
                    guard segmentShare > 0 else { continue }
                    let w = segmentShare * q // completions per resident-year
                    let unit = pop * segmentShare
                    let choice = choices[2 * p + segmentIndex]
                    let o = choice.option
                    guard o >= 0 else {
                        sums.unserved += w
                        itemRow[ItemSums.unserved] += unit
                        continue
                    }
                    kindShare[o] += w
                    sums.trips += w * choice.trips
                    sums.travel += w * choice.travel
                    sums.cost += w * choice.cost
                    if choice.trips == 0 { sums.zeroTrip += w }
                    let completions = pop * w
                    switch o {
                    case hallO, kioskO:
                        loadCompletions[choice.site] += completions
                        loadHandling[choice.site] += completions * item.handling
                    case onlineO, videoO:
                        loadChannel[choice.site] += completions
                    default: // assisted: accepted at the front desk, processed at the back office
                        loadCompletions[choice.site] += completions
                        loadHandling[choice.site] += completions * frontMinutes
                        loadCompletions[choice.back] += completions
                        loadHandling[choice.back] += completions * item.handling
                    }
                    itemRow[o] += unit
                    itemRow[ItemSums.trips] += unit * choice.trips
                }
            }

            let split = TwinRules.segments(elderlyShare: elderly[c], digitalShare: digitalShare,
                                           elderlyAdoptionRatio: elderlyAdoptionRatio)
            // The uncapped search's minutes when given: the rows stop at the travel cut-off.
            if let givenNearestHall { extras.nearestAnyHall = givenNearestHall[c] }
            if let givenNearestKiosk { extras.nearestAnyKiosk = givenNearestKiosk[c] }
            sums.kindShare = (kindShare[hallO], kindShare[kioskO], kindShare[onlineO], kindShare[videoO], kindShare[assistedO])
            cells.set(c, sums.result(population: pop, split: split, nearestHall: extras.nearestAnyHall,
                                     nearestKiosk: extras.nearestAnyKiosk, demand: demand,
                                     hallThreshold: hallThreshold, kioskThreshold: kioskThreshold))
        }
        return ChunkLoads(s, siteCount: siteCount, channelCount: channelCount)
    }
}

/// A cell's travel row scanned for the choice: each capability group's best and nearest hall,
/// kiosk and hand-in site (into the scratch's `groupBest`), the best video desk and the nearest
/// hall and kiosk of any group. A site offers itself once to its site list; the lists' bests
/// then go to their groups (the least (visit, site) pair, as offering each site to each group).
struct RowScan {
    let travelSite: UnsafePointer<Int32>, travelMinutes: UnsafePointer<Double>, waits: UnsafeMutablePointer<Double>
    let siteAvailable: UnsafeMutablePointer<Bool>, siteIsHall: UnsafeMutablePointer<Bool>
    let siteDistrict: UnsafeMutablePointer<Int>, cellDistrict: UnsafeMutablePointer<Int>
    let hasDistricts: Bool, crossDistrict: Bool
    let acceptsHandIns: UnsafeMutablePointer<Bool>, hasDesk: UnsafeMutablePointer<Bool>
    let backOffice: UnsafeMutablePointer<Int32>
    let siteList: UnsafeMutablePointer<Int32>, listIsHall: UnsafeMutablePointer<Bool>
    let listOffsets: UnsafeMutablePointer<Int>, listGroups: UnsafeMutablePointer<Int32>
    let groupCount: Int
    let groupBest: UnsafeMutablePointer<GroupBest>, listBest: UnsafeMutablePointer<BestSite>
    let listCell: UnsafeMutablePointer<Int>, touchedLists: UnsafeMutablePointer<Int>

    init(_ model: Prepared, travelSite: UnsafePointer<Int32>, travelMinutes: UnsafePointer<Double>,
         waits: UnsafeMutablePointer<Double>, scratch s: ChunkScratch) {
        self.travelSite = travelSite; self.travelMinutes = travelMinutes; self.waits = waits
        siteAvailable = model.sites.available.base; siteIsHall = model.sites.isHall.base
        siteDistrict = model.sites.district.base; cellDistrict = model.cells.district.base
        hasDistricts = model.cells.district.count > 0; crossDistrict = model.crossDistrict
        acceptsHandIns = model.assisted.acceptsHandIns.base; hasDesk = model.assisted.hasDesk.base
        backOffice = model.assisted.backOffice.base
        siteList = model.sites.siteList.base; listIsHall = model.sites.listIsHall.base
        listOffsets = model.sites.listOffsets.base; listGroups = model.sites.listGroups.base
        groupCount = model.groupCount
        groupBest = s.groupBest; listBest = s.listBest; listCell = s.listCell; touchedLists = s.touchedLists
    }

    /// Scans the row `entries` of cell `c`.
    @inline(__always) func bests(cell c: Int, entries: Range<Int>) -> RowExtras {
        let g = groupCount
        groupBest.update(repeating: GroupBest(), count: g)
        var touched = 0
        var extras = RowExtras()
        for e in entries {
            let j = Int(travelSite[e])
            guard siteAvailable[j] else { continue }
            let t = travelMinutes[e]
            let cost = TwinRules.visitMinutes(travelMinutes: t, waitMinutes: waits[j])
            if siteIsHall[j] {
                if hasDistricts, !TwinRules.hallMayServe(cellDistrict: cellDistrict[c], hallDistrict: siteDistrict[j],
                                                          crossDistrict: crossDistrict) { continue }
                extras.nearestAnyHall = min(extras.nearestAnyHall, t)
                if acceptsHandIns[j] {
                    for k in 0..<g where backOffice[j * g + k] >= 0 { groupBest[k].front.offer(j, travel: t, visit: cost) }
                }
                if hasDesk[j] {
                    if t < extras.nearestDesk { extras.nearestDesk = t }
                    if cost < extras.bestDeskCost || (cost == extras.bestDeskCost && j < extras.bestDesk) {
                        extras.bestDeskCost = cost; extras.bestDesk = j; extras.bestDeskTravel = t
                    }
                }
            } else {
                extras.nearestAnyKiosk = min(extras.nearestAnyKiosk, t)
            }
            let list = Int(siteList[j])
            if listCell[list] != c {
                listCell[list] = c; listBest[list] = BestSite()
                touchedLists[touched] = list; touched += 1
            }
            listBest[list].offer(j, travel: t, visit: cost)
        }
        for n in 0..<touched {
            let list = touchedLists[n], best = listBest[list]
            if listIsHall[list] {
                for m in listOffsets[list]..<listOffsets[list + 1] { groupBest[Int(listGroups[m])].hall.merge(best) }
            } else {
                for m in listOffsets[list]..<listOffsets[list + 1] { groupBest[Int(listGroups[m])].kiosk.merge(best) }
            }
        }
        return extras
    }
}
