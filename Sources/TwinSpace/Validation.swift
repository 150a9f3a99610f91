import Model

extension TwinModel {
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
                          item.handlingMinutes, item.documents, item.timeLimitDays, item.consultPerCompletion,
                          item.inspectionMinutes, item.inspectionDays]
            guard values.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw TwinSpaceError("item \(item.id): demand, trips, handling minutes, documents, time limit, consultations and inspection minutes and days must be finite and >= 0")
            }
            guard item.failedVisitProbability >= 0, item.failedVisitProbability < 1 else {
                throw TwinSpaceError("item \(item.id): failed-visit probability \(item.failedVisitProbability) must be within 0..<1")
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
        if let assisted = p.assisted, !(assisted.frontMinutes.isFinite && assisted.frontMinutes >= 0) {
            throw TwinSpaceError("assisted front minutes \(assisted.frontMinutes) must be finite and >= 0")
        }
        try validateArrivals(input, p)
        try validateDemandGroups(input, p)
    }

    /// Arrival profiles: the district's and the sites' own.
    static func validateArrivals(_ input: TwinInput, _ p: TwinParameters) throws(TwinSpaceError) {
        if let arrivals = p.arrivals, !arrivals.isValid {
            throw TwinSpaceError("arrival profile needs 24 hour and 7 day weights >= 0 (some > 0) and an appointment share in 0...1")
        }
        for site in input.sites {
            if let hours = site.arrivalHours, !ArrivalProfile(hourWeights: hours).isValid {
                throw TwinSpaceError("site \(site.id): arrival hours need 24 weights >= 0, some > 0")
            }
            if let share = site.appointmentShare, !(0...1).contains(share) {
                throw TwinSpaceError("site \(site.id): appointment share \(share) must be in 0...1")
            }
        }
    }

    /// The inputs of the demand groups (`DemandGroups`): shares in 0...1, counts and rates finite and >= 0.
    static func validateDemandGroups(_ input: TwinInput, _ p: TwinParameters) throws(TwinSpaceError) {
        if let t = p.timeOfDay, !(0...1).contains(t.workingShare) {
            throw TwinSpaceError("time of day: working share \(t.workingShare) must be within 0...1")
        }
        if let e = p.establishments, !(0...1).contains(e.digitalShare) {
            throw TwinSpaceError("establishments: digital share \(e.digitalShare) must be within 0...1")
        }
        for cell in input.cells where !(cell.establishments.isFinite && cell.establishments >= 0) {
            throw TwinSpaceError("cell \(cell.id): establishments \(cell.establishments) must be finite and >= 0")
        }
        for item in input.items where !(item.perEstablishmentPerYear.isFinite && item.perEstablishmentPerYear >= 0) {
            throw TwinSpaceError("item \(item.id): per_establishment_per_year \(item.perEstablishmentPerYear) must be finite and >= 0")
        }
    }
}
