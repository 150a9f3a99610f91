import Model
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Completions a year one (cell, segment, item) sends to one site at given waits, and whether
/// the item is a gap for that segment (no option within reach). Online and video completions
/// load no site; a hand-in (帮办代办) loads its front desk and its back office, one send each.
struct SiteSend: Sendable, Hashable {
    var site: Int
    var item: Int
    var segment: TwinRules.Segment
    var completions: Double
    var gap: Bool
}

extension Prepared {
    /// The sites of cell `c`'s row it may use: available, and for halls the district rule.
    func usableRow(_ c: Int) -> [(site: Int, minutes: Double)] {
        var row: [(site: Int, minutes: Double)] = []
        let hasDistricts = cells.district.count > 0
        for e in offsets[c]..<offsets[c + 1] {
            let j = Int(travelSite[e])
            guard sites.available[j] else { continue }
            if sites.isHall[j], hasDistricts,
               !TwinRules.hallMayServe(cellDistrict: cells.district[c], hallDistrict: sites.district[j], crossDistrict: crossDistrict) {
                continue
            }
            row.append((j, travelMinutes[e]))
        }
        return row
    }

    func handles(site j: Int, group k: Int) -> Bool {
        (sites.groupOffsets[j]..<sites.groupOffsets[j + 1]).contains { Int(sites.groups[$0]) == k }
    }

    /// The visit with the least visit minutes (`2·t + w`), the lower site index on ties.
    static func bestVisit(_ row: [(site: Int, minutes: Double)], waits: [Double])
        -> (site: Int, visit: Double, travel: Double)? {
        var best: (site: Int, visit: Double, travel: Double)?
        for (j, t) in row {
            let visit = TwinRules.visitMinutes(travelMinutes: t, waitMinutes: waits[j])
            if best.map({ visit < $0.visit || (visit == $0.visit && j < $0.site) }) ?? true { best = (j, visit, t) }
        }
        return best
    }

    /// A cell's usable sites that handle a capability group's items: halls, kiosks, and the
    /// halls that accept its items as hand-ins (帮办代办).
    struct GroupRows {
        var halls: [(site: Int, minutes: Double)] = [], kiosks: [(site: Int, minutes: Double)] = []
        var fronts: [(site: Int, minutes: Double)] = []

        init(_ model: Prepared, row: [(site: Int, minutes: Double)], group k: Int) {
            for entry in row {
                let j = entry.site, isHall = model.sites.isHall[j]
                if model.handles(site: j, group: k) { if isHall { halls.append(entry) } else { kiosks.append(entry) } }
                if isHall && model.assisted.acceptsHandIns[j] && model.assisted.backOffice[j * model.groupCount + k] >= 0 {
                    fronts.append(entry)
                }
            }
        }
    }

    /// The in-person sites of one kind an item may go to in a cell, the best of them, its
    /// cost for `trips` visits (with a logit, the kind's logsum) and each site's share.
    struct InPerson {
        var best: (site: Int, visit: Double, travel: Double)?
        var nearest = Double.infinity
        var cost = Double.infinity
        var shares: [(site: Int, share: Double)] = []

        init(_ row: [(site: Int, minutes: Double)], trips: Double, waits: [Double], logitScale: Double?) {
            best = Prepared.bestVisit(row, waits: waits)
            guard let best else { return }
            nearest = row.map(\.minutes).min() ?? .infinity
            cost = TwinRules.inPersonCost(trips: trips, visitMinutes: best.visit)
            guard let theta = logitScale else { shares = [(best.site, 1)]; return }
            let weights = row.map { exp(-theta * trips * (TwinRules.visitMinutes(travelMinutes: $0.minutes, waitMinutes: waits[$0.site]) - best.visit)) }
            let total = weights.reduce(0, +)
            cost -= log(total) / theta
            shares = zip(row, weights).map { ($0.site, $1 / total) }
        }
    }

    /// What cell `c` sends to each site at `waits` (sites, then channels) with `video` the best
    /// video channel per item at them (`bestVideo`): the choice of `runChunk` written plainly
    /// for one cell, its site loads only. Used after the fixed point, only when some site is
    /// overloaded (`withOverloadInCells`); `TwinChoice.siteSends` is its reference.
    func siteSends(cell c: Int, waits: [Double], video: (channel: [Int], minutes: [Double])) -> [SiteSend] {
        let row = usableRow(c)
        let g = groupCount
        let desks = row.filter { sites.isHall[$0.site] && assisted.hasDesk[$0.site] }
        let desk = Self.bestVisit(desks, waits: waits)
        let nearestDesk = desks.map(\.minutes).min() ?? .infinity
        let pop = cells.population[c], digitalShare = cells.digital[c]
        let access = assisted.videoAccess
        var sends: [SiteSend] = []
        // The row's capable halls, kiosks and hand-in desks of each capability group, found once.
        var groupRows = [GroupRows?](repeating: nil, count: g)
        for i in 0..<itemCount {
            let q = items.perResident[i], k = items.group[i]
            let rows = groupRows[k] ?? GroupRows(self, row: row, group: k)
            groupRows[k] = rows
            let hall = InPerson(rows.halls, trips: items.tripsHall[i], waits: waits, logitScale: logitScale)
            let kiosk = InPerson(rows.kiosks, trips: items.tripsKiosk[i], waits: waits, logitScale: logitScale)
            let fronts = rows.fronts
            let front = InPerson(fronts, trips: assisted.trips, waits: waits, logitScale: nil)
            // The in-person part of a remote completion (现场勘查), at the best hall.
            let remoteTrips = items.tripsOnline[i]
            let remoteReachable = remoteTrips == 0 || hall.best != nil
            let remoteWithin = remoteTrips == 0 || (hall.best != nil && hall.nearest <= hallThreshold)
            let hallVisit = hall.best?.visit ?? .infinity
            let onlineOK = items.onlineChannel[i] >= 0 && remoteReachable
            let videoOK = video.channel[i] >= 0 && remoteReachable
            let onlineCost = onlineOK ? TwinRules.remoteCost(remoteMinutes: items.onlineEffort[i], tripsOnline: remoteTrips,
                                                             hallVisitMinutes: hallVisit) : .infinity
            let videoCost = videoOK ? TwinRules.remoteCost(remoteMinutes: video.minutes[i], tripsOnline: remoteTrips,
                                                           hallVisitMinutes: hallVisit) : .infinity
            let deskOK = videoOK && desk != nil
            let deskCost = deskOK ? TwinRules.deskVideoCost(videoCost: videoCost, deskVisitMinutes: desk?.visit ?? 0) : .infinity
            // Gaps: is some option within reach (thresholds, not waits)?
            let hallWithin = hall.best != nil && (items.tripsHall[i] == 0 || hall.nearest <= hallThreshold)
            let kioskWithin = kiosk.best != nil && (items.tripsKiosk[i] == 0 || kiosk.nearest <= kioskThreshold)
            let inPersonWithin = hallWithin || kioskWithin || (front.best != nil && front.nearest <= hallThreshold)
            let videoWithin = videoOK && remoteWithin
            let notDigitalVideoWithin = switch access {
            case .digital: false
            case .everyone: videoWithin
            case .desk: deskOK && remoteWithin && nearestDesk <= hallThreshold
            }
            for segment in TwinRules.Segment.allCases {
                let segmentShare = segment == .digital ? digitalShare : 1 - digitalShare
                guard segmentShare > 0 else { continue }
                let atDesk = TwinRules.videoAtDesk(segment, videoAccess: access)
                let gap = segment == .digital ? !(inPersonWithin || videoWithin || (onlineOK && remoteWithin))
                                              : !(inPersonWithin || notDigitalVideoWithin)
                // The options in `ChannelChoice` order: hall, kiosk, online, video, hand-in.
                let costs: [Double?] = [
                    hall.best != nil ? hall.cost : nil, kiosk.best != nil ? kiosk.cost : nil,
                    onlineOK && TwinRules.segmentMayUse(.online, segment, videoAccess: access) ? onlineCost : nil,
                    TwinRules.segmentMayUse(.video, segment, videoAccess: access) && (atDesk ? deskOK : videoOK)
                        ? (atDesk ? deskCost : videoCost) : nil,
                    front.best != nil ? front.cost : nil]
                guard let shares = Self.optionShares(costs, logitScale: logitScale) else { continue }
                let w = segmentShare * q
                func send(_ site: Int, _ completions: Double) {
                    sends.append(SiteSend(site: site, item: i, segment: segment, completions: completions, gap: gap))
                }
                for (o, optionShare) in shares.enumerated() where optionShare > 0 {
                    let completions = pop * (w * optionShare)
                    switch ChannelChoice.served[o] {
                    case .hall: for (j, s) in hall.shares { send(j, completions * s) }
                    case .kiosk: for (j, s) in kiosk.shares { send(j, completions * s) }
                    case .assisted:
                        guard let f = front.best?.site else { continue }
                        send(f, completions)
                        send(Int(assisted.backOffice[f * g + k]), completions)
                    default: continue // online and video load no site
                    }
                }
            }
        }
        return sends
    }

    /// Each option's share: all to the cheapest (ties to the earlier), or by the logit over the
    /// available ones (nil entries); nil when none is available.
    static func optionShares(_ costs: [Double?], logitScale: Double?) -> [Double]? {
        var best = -1
        for (o, cost) in costs.enumerated() {
            guard let cost else { continue }
            if best < 0 || cost < (costs[best] ?? .infinity) { best = o }
        }
        guard best >= 0, let bestCost = costs[best] else { return nil }
        guard let theta = logitScale else { return costs.indices.map { $0 == best ? 1 : 0 } }
        let weights = costs.map { $0.map { exp(-theta * ($0 - bestCost)) } ?? 0 }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }
}

extension TwinChoice {
    /// The reference for `Prepared.siteSends`: what cell `c` sends to each site at `waits`,
    /// from the options as the rules read them (`options`, `mayUse`, `split`).
    func siteSends(cell c: Int, waits: [Double]) -> [SiteSend] {
        let cell = input.cells[c]
        let reachable = self.reachable(c)
        let video = bestVideoChannels(waits: waits)
        var sends: [SiteSend] = []
        for (i, item) in input.items.enumerated() {
            let options = self.options(item, reachable: reachable, waits: waits, video: video[i])
            let q = TwinRules.applicationsPerResident(item)
            for segment in TwinRules.Segment.allCases {
                let segmentShare = segment == .digital ? cell.digitalShare : 1 - cell.digitalShare
                guard segmentShare > 0 else { continue }
                let gap = !options.contains { $0.withinReach && mayUse($0, segment) }
                let open = options.filter { mayUse($0, segment) }
                guard let shares = split(open) else { continue }
                func send(_ site: Int, _ completions: Double) {
                    sends.append(SiteSend(site: site, item: i, segment: segment, completions: completions, gap: gap))
                }
                for (option, share) in zip(open, shares) where share > 0 {
                    let completions = cell.population * (segmentShare * q * share)
                    switch option.destination {
                    case .sites(let list): for (j, s) in list { send(j, completions * s) }
                    case .handIn(let front, let back): send(front, completions); send(back, completions)
                    case .channel: continue
                    }
                }
            }
        }
        return sends
    }
}
