import Model

/// Demand groups: who seeks services when, and for which demand.
///
/// ## Rules (these are the definitions)
/// - **Time of day** (`TwinParameters.timeOfDay`). A cell's residents split into three
///   segments: the elderly (the cell's `elderlyShare`), working adults (`workingShare` of the
///   others) and everyone else. Each segment seeks services only inside its own weekly window
///   (`TimeOfDaySettings`): a site or channel is available to it when open some minute of that
///   window (and has windows, agents or seats), so an office-hours hall does not exist for a
///   working adult whose window is the weekday evening and the weekend. The cell's digital share
///   is split by `TwinRules.segments`: the elderly segment is digital at the elderly rate, the
///   two adult segments at the adults' rate (capped at 1).
/// - **Establishments**. When cells count establishments (`Cell.establishments`) and items have
///   a rate per establishment (`ServiceItem.perEstablishmentPerYear`), the establishments are a
///   group of their own: "population" = establishments, demand = that rate, digital share and
///   window from `EstablishmentSettings`, nobody elderly. Their completions load the sites and
///   channels like residents'; the cell figures (`TwinResult.cells`) stay residents only.
/// - **Evaluation.** The choice kernel runs once per group, on the group's own input (cells
///   scaled to the group, its items' rates) and availability, at the same waits; the groups'
///   loads are added and form one queue per site and channel, open for the minutes inside any
///   group's window (the union). A cell's figures are the residents' groups' combined: counts
///   (completions, gaps) added, per-resident-year figures and shares weighted by the groups'
///   shares of the cell; the nearest hall and kiosk are the nearest over the groups.
/// - **Hotline.** Each group's consultations (its demanded completions ×
///   `consult_per_completion`) arise evenly over its window; those in minutes when some hotline
///   is open go to the open hotlines (split by seats × open minutes in the window), the others
///   are counted unanswered (`TwinDemandGroupResult`). Visits, by contrast, are planned: a
///   site open any minute of the window serves the whole segment.
/// - Without `timeOfDay` and without establishment demand no group is formed: the model runs
///   as it always did (the same bytes).
struct DemandGroup {
    let id: String
    /// The weekly window the group seeks services in; nil: the activity window.
    let window: OpeningHours?
    /// The group's input: its cells (population scaled to the group) and its items' rates.
    let input: TwinInput
    /// Residents' groups: the share of each cell's residents in the group; establishments: empty.
    let cellShare: [Double]
    var isResidents: Bool { !cellShare.isEmpty }
}

enum DemandGroups {
    /// Whether the input and parameters form demand groups (else the model runs as before).
    static func needed(_ input: TwinInput, _ p: TwinParameters) -> Bool {
        p.timeOfDay != nil || hasEstablishmentDemand(input)
    }

    static func hasEstablishmentDemand(_ input: TwinInput) -> Bool {
        input.items.contains { $0.perEstablishmentPerYear > 0 } && input.cells.contains { $0.establishments > 0 }
    }

    /// The groups, residents' first (working, elderly, others; or all residents), then establishments.
    static func make(_ input: TwinInput, _ p: TwinParameters) -> [DemandGroup] {
        var groups: [DemandGroup]
        if let timeOfDay = p.timeOfDay {
            groups = residentSegments(input, timeOfDay, elderlyAdoptionRatio: p.elderlyAdoptionRatio)
        } else {
            groups = [DemandGroup(id: "residents", window: nil, input: input,
                                  cellShare: [Double](repeating: 1, count: input.cells.count))]
        }
        if hasEstablishmentDemand(input) {
            groups.append(establishmentGroup(input, p.establishments ?? EstablishmentSettings()))
        }
        return groups
    }

    /// Working adults, the elderly and everyone else, each with its window.
    static func residentSegments(_ input: TwinInput, _ t: TimeOfDaySettings, elderlyAdoptionRatio: Double?) -> [DemandGroup] {
        let n = input.cells.count
        var shares = [[Double]](repeating: [Double](repeating: 0, count: n), count: 3)
        var cells = [[Cell]](repeating: [], count: 3)
        for c in 0..<n {
            let cell = input.cells[c]
            let e = cell.elderlyShare
            let split = TwinRules.segments(of: cell, elderlyAdoptionRatio: elderlyAdoptionRatio)
            let elderlyDigital = e > 0 ? min(1, split.elderlyDigital / e) : 0
            let adultDigital = e < 1 ? min(1, split.adultDigital / (1 - e)) : 0
            let parts = [(1 - e) * t.workingShare, e, (1 - e) * (1 - t.workingShare)]
            for g in 0..<3 {
                shares[g][c] = parts[g]
                cells[g].append(Cell(id: cell.id, area: nil, centroid: cell.centroid, population: cell.population * parts[g],
                                     elderlyShare: g == 1 ? 1 : 0, digitalShare: g == 1 ? elderlyDigital : adultDigital))
            }
        }
        let ids = ["working", "elderly", "others"]
        let windows = [t.workingHours, t.elderlyHours, t.othersHours]
        return (0..<3).map { g in
            var groupInput = input
            groupInput.cells = cells[g]
            return DemandGroup(id: ids[g], window: windows[g], input: groupInput, cellShare: shares[g])
        }
    }

    /// The establishments as a group: one "resident" per establishment, the business rates.
    static func establishmentGroup(_ input: TwinInput, _ settings: EstablishmentSettings) -> DemandGroup {
        var groupInput = input
        groupInput.cells = input.cells.map {
            Cell(id: $0.id, area: nil, centroid: $0.centroid, population: $0.establishments,
                 elderlyShare: 0, digitalShare: settings.digitalShare)
        }
        groupInput.items = input.items.map { item in
            var business = item
            business.perThousandPerYear = item.perEstablishmentPerYear * 1000
            return business
        }
        return DemandGroup(id: "establishments", window: settings.hours, input: groupInput, cellShare: [])
    }

    /// The activity window as weekly hours.
    static func weeklyHours(_ window: ActivityWindow) -> OpeningHours {
        let intervals = (0..<7).map { day in (day * 1440 + window.dailyStartMinute)..<(day * 1440 + window.dailyEndMinute) }
        return .weekly(intervals, text: "activity window")
    }

    /// Each group's hotline consultations per channel, and those no open hotline takes. Calls
    /// (unlike visits, which are planned for when a site is open) arise evenly over the group's
    /// window: the share of its minutes in which some hotline is open is answered, split over
    /// the open hotlines by seats × open minutes in the window; the rest is unanswered.
    static func hotlineCalls(_ models: [Prepared], windows: [OpeningHours]) -> (perChannel: [[Double]], unanswered: [Double]) {
        var perChannel: [[Double]] = []
        var unanswered: [Double] = []
        for (model, window) in zip(models, windows) {
            let calls = model.demand.population * model.demand.consultations
            var capacity = [Double](repeating: 0, count: model.channels.count)
            var open: [OpeningHours] = []
            for (k, channel) in model.channels.enumerated() where channel.kind == .hotline && model.channelAvailable[k] {
                capacity[k] = Double(channel.seats) * Double(model.channelOpenMinutes[k])
                open.append(channel.hours)
            }
            let total = capacity.reduce(0, +)
            let windowMinutes = Double(window.weeklyOpenMinutes)
            let covered = total > 0 && windowMinutes > 0 ? Double(OpeningHours.union(open).overlapMinutes(with: window)) / windowMinutes : 0
            perChannel.append(capacity.map { total > 0 ? calls * covered * $0 / total : 0 })
            unanswered.append(calls * (1 - covered))
        }
        return (perChannel, unanswered)
    }
}

extension TwinModel {
    /// `solve` with demand groups (see `DemandGroups`): the kernel per group at the same waits,
    /// the groups' loads added into one queue per site and channel.
    static func solveGroups(_ input: TwinInput, parameters p: TwinParameters,
                            onIteration: ((Int, Double) -> Void)?) -> TwinResult {
        let groups = DemandGroups.make(input, p)
        let models = groups.map { Prepared($0.input, p, window: $0.window) }
        let windows = groups.map { $0.window ?? DemandGroups.weeklyHours(p.activityWindow) }
        var queueModel = Prepared(input, p, window: .union(windows))
        let calls = DemandGroups.hotlineCalls(models, windows: windows)
        queueModel.hotlineConsultations = input.channels.indices.map { k in calls.perChannel.reduce(0) { $0 + $1[k] } }
        let buffers = groups.map { CellBuffer(count: $0.input.cells.count) }
        var groupLoads: [Loads] = []
        var result = queueModel.solve(p, onIteration: onIteration, cells: {
            combineResidents(groups, buffers, p)
        }) { waits in
            groupLoads = models.indices.map { models[$0].evaluate(waits: waits, threads: p.threads, cells: buffers[$0]) }
            var total = Loads(siteCount: input.sites.count, channelCount: input.channels.count)
            for part in groupLoads { total.add(part) }
            return total
        }
        result.demandGroups = groups.indices.map { g in
            groupResult(groups[g], window: windows[g], cells: buffers[g].array(), loads: groupLoads[g], sites: input.sites,
                        calls: calls.perChannel[g].reduce(0, +), unanswered: calls.unanswered[g])
        }
        if let overloaded = overloadedSites(result) {
            let waits = Prepared.finalWaits(result)
            attributeOverload(&result, sources: groups.indices.map { g in
                models[g].overloadSource(overloaded: overloaded, waits: waits, threads: p.threads,
                                         isResidents: groups[g].isResidents)
            })
        }
        return result
    }

    /// The residents' cell figures: the residents' groups combined (see `DemandGroups`).
    /// The groups' figures are read in place from their buffers (no copy of each group's cells).
    static func combineResidents(_ groups: [DemandGroup], _ buffers: [CellBuffer], _ p: TwinParameters) -> [TwinCellResult] {
        let resident = groups.indices.filter { groups[$0].isResidents }
        guard resident.count > 1 else { return resident.first.map { buffers[$0].array() } ?? [] }
        let cells = buffers.map(\.pointer)
        return (0..<(buffers[resident[0]].count)).map { c in
            var sum = cells[resident[0]][c]
            sum.scale(by: groups[resident[0]].cellShare[c])
            for g in resident.dropFirst() { sum.add(cells[g][c], weight: groups[g].cellShare[c]) }
            sum.coveredHall = sum.nearestHallMinutes.map { $0 <= p.hallThresholdMinutes } ?? false
            sum.coveredKiosk = sum.nearestKioskMinutes.map { $0 <= p.kioskThresholdMinutes } ?? false
            return sum
        }
    }

    /// One group's figures over its cells and its loads at the last evaluation.
    static func groupResult(_ group: DemandGroup, window: OpeningHours, cells: [TwinCellResult], loads: Loads?,
                            sites: [Site], calls: Double, unanswered: Double) -> TwinDemandGroupResult {
        var r = TwinDemandGroupResult(id: group.id, hours: window.text)
        var shares = (0.0, 0.0, 0.0, 0.0, 0.0)
        for (c, cell) in cells.enumerated() {
            let population = group.input.cells[c].population
            let completions = cell.completionsPerYear
            r.population += population
            r.completionsPerYear += completions
            shares.0 += completions * cell.shareHall; shares.1 += completions * cell.shareKiosk
            shares.2 += completions * cell.shareOnline; shares.3 += completions * cell.shareVideo
            shares.4 += completions * cell.unservedShare
            r.tripsPerYear += population * cell.tripsPerResidentYear
            r.gapPopulation += cell.gapPopulation
        }
        if r.completionsPerYear > 0 {
            let total = r.completionsPerYear
            r.shareHall = shares.0 / total; r.shareKiosk = shares.1 / total; r.shareOnline = shares.2 / total
            r.shareVideo = shares.3 / total; r.shareUnserved = shares.4 / total
        }
        if let loads {
            for (j, site) in sites.enumerated() where site.kind == .hall { r.hallCompletionsPerYear += loads.siteCompletions[j] }
        }
        r.hotlineCallsPerYear = calls + unanswered
        r.hotlineCallsUnansweredPerYear = unanswered
        return r
    }
}

extension TwinCellResult {
    /// Multiplies the per-resident-year figures and shares by `w` (a group's share of the cell).
    mutating func scale(by w: Double) {
        shareHall *= w; shareKiosk *= w; shareOnline *= w; shareVideo *= w; unservedShare *= w
        tripsPerResidentYear *= w; travelMinutesPerResidentYear *= w; costMinutesPerResidentYear *= w
        documentsPerResidentYear *= w; timeLimitDaysPerResidentYear *= w; zeroTripShare *= w
        shareAssisted *= w; shareNoApplication *= w; inspectionStaffMinutesPerResidentYear *= w
    }

    /// Adds another group's figures of the same cell: counts added, per-resident-year figures
    /// and shares weighted by `w`, the nearer nearest sites.
    mutating func add(_ o: TwinCellResult, weight w: Double) {
        nearestHallMinutes = Self.nearer(nearestHallMinutes, o.nearestHallMinutes)
        nearestKioskMinutes = Self.nearer(nearestKioskMinutes, o.nearestKioskMinutes)
        completionsPerYear += o.completionsPerYear
        shareHall += w * o.shareHall; shareKiosk += w * o.shareKiosk; shareOnline += w * o.shareOnline
        shareVideo += w * o.shareVideo; unservedShare += w * o.unservedShare
        tripsPerResidentYear += w * o.tripsPerResidentYear
        travelMinutesPerResidentYear += w * o.travelMinutesPerResidentYear
        costMinutesPerResidentYear += w * o.costMinutesPerResidentYear
        documentsPerResidentYear += w * o.documentsPerResidentYear
        timeLimitDaysPerResidentYear += w * o.timeLimitDaysPerResidentYear
        zeroTripShare += w * o.zeroTripShare
        shareAssisted += w * o.shareAssisted; shareNoApplication += w * o.shareNoApplication
        inspectionStaffMinutesPerResidentYear += w * o.inspectionStaffMinutesPerResidentYear
        gapPopulation += o.gapPopulation; gapElderly += o.gapElderly; gapNotDigital += o.gapNotDigital
    }

    static func nearer(_ a: Double?, _ b: Double?) -> Double? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a, b)
    }
}
