import Model

/// The input turned into availability, capability groups, logit classes and the flat arrays
/// the choice kernel reads (`CellArrays`, `SiteArrays`, `ItemArrays`, `ClassArrays`).
struct Prepared: Sendable {
    let cellCount: Int
    let cells: CellArrays
    let sites: SiteArrays
    let items: ItemArrays
    let classes: ClassArrays

    let offsets: [Int]
    let travelSite: [Int32]
    let travelMinutes: [Double]
    /// Uncapped nearest hall and kiosk minutes per cell, when the input gives them.
    let nearest: TwinNearestMinutes?

    let siteCount: Int
    let siteOpenMinutes: [Int]
    let siteWindows: [Int]
    let groupCount: Int
    /// The most (group, class) pairs of one site: bounds the logit weights kept per travel entry.
    let maxClassLinksPerSite: Int
    /// Available video channels handling each item, by index.
    let videoChannels: [[Int]]
    /// Completions, documents, promised days and consultations per resident-year over all demand.
    let demand: DemandTotals
    /// The catalogue, for the per-item results.
    let itemList: [ServiceItem]

    let channels: [Channel]
    let channelAvailable: [Bool]
    let channelOpenMinutes: [Int]
    /// Hour-by-hour arrivals of each site and video channel (nil: no profile, the weekly
    /// Erlang C; hotlines always have them), and the calls residents place by hour over the
    /// activity window (the district's profile, else even).
    let siteSlots: [WeekSlots?]
    let channelSlots: [WeekSlots?]
    let callSlots: WeekSlots

    let hallThreshold: Double
    let kioskThreshold: Double
    let crossDistrict: Bool
    let logitScale: Double?
    let waitCap: Double
    let elderlyAdoptionRatio: Double?
    /// Hand-in sites, back offices and video desks (帮办代办, `video_access: desk`).
    let assisted: AssistedArrays
    /// Hotline consultations per channel when the demand groups set them (each group's calls go
    /// to the hotlines open in its window); nil: all demand's, split by seats × open minutes.
    var hotlineConsultations: [Double]?
    /// Items the minimum-cost choice decides together (`runCheapestChunk`).
    let profiles: ItemProfiles

    /// `window`: the weekly window demand arises in (a demand group's); nil: `p.activityWindow`.
    init(_ input: TwinInput, _ p: TwinParameters, window demandWindow: OpeningHours? = nil) {
        var input = input
        input.items = input.items.map(TwinRules.modelled)
        cellCount = input.cells.count
        cells = CellArrays(input)
        offsets = input.travel.offsets
        // A sentinel entry keeps the buffers' base addresses non-nil; no offset points at it.
        travelSite = input.travel.site.isEmpty ? [0] : input.travel.site
        travelMinutes = input.travel.minutes.isEmpty ? [0] : input.travel.minutes
        nearest = input.nearest

        let window = p.activityWindow
        func open(_ hours: OpeningHours) -> Int {
            demandWindow.map { hours.overlapMinutes(with: $0) } ?? window.openMinutesPerWeek(hours)
        }
        let openMinutes = input.sites.map { open($0.hours) }
        let siteAvailable = input.sites.indices.map {
            TwinRules.siteAvailable(windows: input.sites[$0].windows, openMinutesPerWeek: openMinutes[$0])
        }
        siteCount = input.sites.count
        siteOpenMinutes = openMinutes
        siteWindows = input.sites.map(\.windows)

        let groups = CapabilityGroups(input, siteAvailable: siteAvailable)
        groupCount = groups.members.count
        let logit = LogitClasses(input.items, itemGroup: groups.itemGroup, groupCount: groupCount)
        classes = ClassArrays(logit)
        sites = SiteArrays(input, available: siteAvailable, groups: groups)
        maxClassLinksPerSite = Self.maxClassLinks(sites: sites, logit: logit)

        channels = input.channels
        let channelOpen = input.channels.map { open($0.hours) }
        channelOpenMinutes = channelOpen
        channelAvailable = input.channels.indices.map {
            TwinRules.channelAvailable(input.channels[$0], openMinutesPerWeek: channelOpen[$0])
        }
        let remote = RemoteOptions(input, channelAvailable: channelAvailable)
        videoChannels = remote.videoChannels
        items = ItemArrays(input.items, itemGroup: groups.itemGroup, logit: logit, remote: remote)
        profiles = ItemProfiles(items, videoChannels: remote.videoChannels)
        demand = DemandTotals(input)
        itemList = input.items

        hallThreshold = p.hallThresholdMinutes
        elderlyAdoptionRatio = p.elderlyAdoptionRatio
        kioskThreshold = p.kioskThresholdMinutes
        crossDistrict = p.crossDistrict
        logitScale = p.logitScalePerMinute
        waitCap = p.waitCapMinutes
        assisted = AssistedArrays(input, p, siteAvailable: siteAvailable, groups: groups)
        siteSlots = input.sites.map { Self.slots($0, district: p.arrivals, window: window) }
        channelSlots = input.channels.map { channel in
            // Calls follow the residents' day (a uniform one without a profile): a hotline always hourly.
            channel.kind == .hotline || p.arrivals != nil
                ? WeekSlots(hours: channel.hours, window: window, profile: p.arrivals ?? ArrivalProfile()) : nil
        }
        callSlots = WeekSlots(hours: .alwaysOpen, window: window, profile: p.arrivals ?? ArrivalProfile())
    }

    /// A site's hourly arrivals: its own hours and appointment share over the district's
    /// profile; nil when neither the district nor the site gives one.
    static func slots(_ site: Site, district: ArrivalProfile?, window: ActivityWindow) -> WeekSlots? {
        guard district != nil || site.arrivalHours != nil || site.appointmentShare != nil else { return nil }
        var profile = district ?? ArrivalProfile()
        if let hours = site.arrivalHours { profile.hourWeights = hours }
        if let share = site.appointmentShare { profile.appointmentShare = share }
        return WeekSlots(hours: site.hours, window: window, profile: profile)
    }

    var itemCount: Int { items.group.count }

    static func maxClassLinks(sites: SiteArrays, logit: LogitClasses) -> Int {
        var maxLinks = 0
        for j in 0..<sites.available.count {
            var links = 0
            for m in sites.groupOffsets[j]..<sites.groupOffsets[j + 1] {
                let group = Int(sites.groups[m])
                links += logit.groupClassOffsets[group + 1] - logit.groupClassOffsets[group]
            }
            maxLinks = max(maxLinks, links)
        }
        return maxLinks
    }
}

/// Completions, documents, promised days and consultations per resident-year over all demand
/// (of the items as modelled, `TwinRules.modelled`), the completions of proactive items and the
/// inspection staff minutes, and the district's population.
struct DemandTotals: Sendable {
    var completions = 0.0, documents = 0.0, timeLimitDays = 0.0, consultations = 0.0
    var noApplication = 0.0, inspectionMinutes = 0.0
    let population: Double

    init(_ input: TwinInput) {
        for item in input.items {
            let q = TwinRules.perResident(item)
            completions += q
            documents += q * item.documents
            timeLimitDays += q * item.timeLimitDays
            consultations += q * item.consultPerCompletion
            if item.proactive { noApplication += q }
            inspectionMinutes += q * item.inspectionMinutes
        }
        population = input.cells.reduce(0) { $0 + $1.population }
    }
}

/// Items with equal sets of capable available sites: the best hall and kiosk of a cell are found
/// once per group.
struct CapabilityGroups {
    var itemGroup: [Int] = []
    /// Capable available sites of each group, by index.
    var members: [[Int32]] = []

    init(_ input: TwinInput, siteAvailable: [Bool]) {
        let serviceSets: [Set<String>?] = input.sites.map { site in
            guard let list = site.services, list.count > 16 else { return nil }
            return Set(list)
        }
        var groupIndex: [[Int32]: Int] = [:]
        itemGroup.reserveCapacity(input.items.count)
        for item in input.items {
            var capable: [Int32] = []
            for (j, site) in input.sites.enumerated() where siteAvailable[j] {
                let handles: Bool
                if let set = serviceSets[j] { // `Site.handles`, with a set for long lists
                    handles = (site.kind == .hall ? item.hall : item.kiosk) && set.contains(item.id)
                } else {
                    handles = site.handles(item)
                }
                if handles { capable.append(Int32(j)) }
            }
            if let g = groupIndex[capable] {
                itemGroup.append(g)
            } else {
                groupIndex[capable] = members.count
                itemGroup.append(members.count)
                members.append(capable)
            }
        }
    }
}

/// Logit classes: items of one capability group and kind (hall / kiosk) with the same trips
/// share the within-kind split over sites. Classes of each group (CSR), each item's hall and
/// kiosk class.
struct LogitClasses {
    var isHall: [Bool] = [], trips: [Double] = []
    var itemHallClass: [Int] = [], itemKioskClass: [Int] = []
    var groupClassOffsets = [0]
    var groupClasses: [Int32] = []

    init(_ items: [ServiceItem], itemGroup: [Int], groupCount: Int) {
        var classesOfGroup = [[Int]](repeating: [], count: groupCount)
        func classIndex(_ group: Int, _ hall: Bool, _ trips: Double) -> Int {
            for cls in classesOfGroup[group] where isHall[cls] == hall && self.trips[cls] == trips { return cls }
            isHall.append(hall)
            self.trips.append(trips)
            classesOfGroup[group].append(isHall.count - 1)
            return isHall.count - 1
        }
        for (i, item) in items.enumerated() {
            itemHallClass.append(classIndex(itemGroup[i], true, item.tripsHall))
            itemKioskClass.append(classIndex(itemGroup[i], false, item.tripsKiosk))
        }
        for list in classesOfGroup {
            for cls in list { groupClasses.append(Int32(cls)) }
            groupClassOffsets.append(groupClasses.count)
        }
    }

    var count: Int { isHall.count }
}

/// Per item: the best available online channel (least effort, -1: none) and the available
/// video channels handling it (the best of those depends on the waits).
struct RemoteOptions {
    var onlineChannel: [Int] = []
    var onlineEffort: [Double] = []
    var videoChannels: [[Int]] = []

    init(_ input: TwinInput, channelAvailable: [Bool]) {
        for item in input.items {
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
    }
}

// MARK: - The kernel's flat arrays

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

    subscript(index: Int) -> Element { base[index] }

    deinit { base.deallocate() }
}

/// Per cell: residents, shares and district (empty when the input gives no districts).
struct CellArrays: Sendable {
    let population: Flat<Double>, digital: Flat<Double>, elderly: Flat<Double>
    let district: Flat<Int>

    init(_ input: TwinInput) {
        population = Flat(input.cells.map(\.population))
        digital = Flat(input.cells.map(\.digitalShare))
        elderly = Flat(input.cells.map(\.elderlyShare))
        district = Flat(input.cellDistrict ?? [])
    }
}

/// Per site: availability, kind, capability groups (CSR) and district (empty without districts).
/// Sites of one kind with the same groups share a site list (`siteList`; the lists' kinds and
/// groups, CSR): the kernel finds a row's best site per list, then per group from its lists.
struct SiteArrays: Sendable {
    let available: Flat<Bool>, isHall: Flat<Bool>
    let groupOffsets: Flat<Int>, groups: Flat<Int32>
    let district: Flat<Int>
    let siteList: Flat<Int32>, listIsHall: Flat<Bool>
    let listOffsets: Flat<Int>, listGroups: Flat<Int32>

    init(_ input: TwinInput, available: [Bool], groups: CapabilityGroups) {
        let siteCount = input.sites.count
        var counts = [Int](repeating: 0, count: siteCount + 1)
        for members in groups.members { for j in members { counts[Int(j) + 1] += 1 } }
        for j in 0..<siteCount { counts[j + 1] += counts[j] }
        var fill = counts
        var siteGroups = [Int32](repeating: 0, count: counts[siteCount])
        for (g, members) in groups.members.enumerated() {
            for j in members {
                siteGroups[fill[Int(j)]] = Int32(g)
                fill[Int(j)] += 1
            }
        }
        self.available = Flat(available)
        isHall = Flat(input.sites.map { $0.kind == .hall })
        groupOffsets = Flat(counts)
        self.groups = Flat(siteGroups)
        district = Flat(input.siteDistrict ?? [])
        var listIndex: [SiteListKey: Int32] = [:]
        var siteList: [Int32] = [], listIsHall: [Bool] = [], listOffsets = [0], listGroups: [Int32] = []
        for j in 0..<siteCount {
            let key = SiteListKey(isHall: input.sites[j].kind == .hall, groups: Array(siteGroups[counts[j]..<counts[j + 1]]))
            if let list = listIndex[key] { siteList.append(list); continue }
            listIndex[key] = Int32(listIsHall.count)
            siteList.append(Int32(listIsHall.count))
            listIsHall.append(key.isHall)
            listGroups += key.groups
            listOffsets.append(listGroups.count)
        }
        self.siteList = Flat(siteList)
        self.listIsHall = Flat(listIsHall)
        self.listOffsets = Flat(listOffsets)
        self.listGroups = Flat(listGroups)
    }

    struct SiteListKey: Hashable {
        let isHall: Bool
        let groups: [Int32]
    }
}

/// Per item: capability group, demand, trips, handling, best online channel, logit classes.
struct ItemArrays: Sendable {
    let group: Flat<Int>, perResident: Flat<Double>
    let tripsHall: Flat<Double>, tripsKiosk: Flat<Double>, tripsOnline: Flat<Double>
    let handling: Flat<Double>
    /// Best online channel (-1: none) and its effort.
    let onlineChannel: Flat<Int>, onlineEffort: Flat<Double>
    let hallClass: Flat<Int>, kioskClass: Flat<Int>
    /// The same, one record per item, as the kernel's item loop reads them.
    let records: Flat<ItemRecord>

    init(_ items: [ServiceItem], itemGroup: [Int], logit: LogitClasses, remote: RemoteOptions) {
        group = Flat(itemGroup)
        perResident = Flat(items.map(TwinRules.applicationsPerResident))
        tripsHall = Flat(items.map(\.tripsHall))
        tripsKiosk = Flat(items.map(\.tripsKiosk))
        tripsOnline = Flat(items.map(\.tripsOnline))
        handling = Flat(items.map(\.handlingMinutes))
        onlineChannel = Flat(remote.onlineChannel)
        onlineEffort = Flat(remote.onlineEffort)
        hallClass = Flat(logit.itemHallClass)
        kioskClass = Flat(logit.itemKioskClass)
        records = Flat(items.indices.map { i in
            ItemRecord(group: itemGroup[i], perResident: TwinRules.applicationsPerResident(items[i]),
                       tripsHall: items[i].tripsHall, tripsKiosk: items[i].tripsKiosk, tripsOnline: items[i].tripsOnline,
                       handling: items[i].handlingMinutes, onlineChannel: remote.onlineChannel[i],
                       onlineEffort: remote.onlineEffort[i], hallClass: logit.itemHallClass[i],
                       kioskClass: logit.itemKioskClass[i])
        })
    }
}

/// One item's fields of `ItemArrays`, side by side in memory.
struct ItemRecord: BitwiseCopyable {
    let group: Int, perResident: Double
    let tripsHall: Double, tripsKiosk: Double, tripsOnline: Double
    let handling: Double
    let onlineChannel: Int, onlineEffort: Double
    let hallClass: Int, kioskClass: Int
}

/// Per logit class: kind and trips; classes of each capability group (CSR).
struct ClassArrays: Sendable {
    let isHall: Flat<Bool>, trips: Flat<Double>
    let groupOffsets: Flat<Int>, groups: Flat<Int32>
    let count: Int

    init(_ logit: LogitClasses) {
        isHall = Flat(logit.isHall)
        trips = Flat(logit.trips)
        groupOffsets = Flat(logit.groupClassOffsets)
        groups = Flat(logit.groupClasses)
        count = logit.count
    }
}
