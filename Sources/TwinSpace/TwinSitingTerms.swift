import Model

/// The twin-aware site-selection objective of a district as terms `Σ w_t × min(cap_t, m_t ×
/// d(c_t, S))` over the sites of a siting instance: the candidates (each like `newSite`),
/// then the district's existing sites (fixed, open). Siting-neutral values: the app layer turns
/// them into the siting module's `TwinTerms`.
///
/// ## Definition
/// For cell `c`, resident segment `s` and item `k`, with `t(c, j)` the one-way minutes, every
/// rule being `TwinRules`' (the channel choice's own):
/// - **Segments** as the model splits them: digital / not digital, each part adult or elderly
///   (the elderly adopt at `TwinParameters.elderlyAdoptionRatio`). A resident weighs
///   `1 + (W_e − 1)·[elderly] + (W_n − 1)·[not digital]`, so the digital segment weighs
///   `adults_digital + W_e·elderly_digital` and the not-digital one
///   `W_n·adults_not_digital + (W_e + W_n − 1)·elderly_not_digital` (per resident of the cell).
/// - **Availability** of sites and channels in the activity window, **eligibility** (capable
///   sites, online for the digital segment only) and the **district rule** (跨区通办: without
///   `crossDistrict` a hall serves only cells of its own district; candidates lie in
///   `candidateDistrict`) as in the model.
/// - **Remote cost** (minutes per completion): the least of online (its least effort) and video
///   (its least handling minutes), each plus `trips_online × 2 × t` to the nearest capable
///   EXISTING hall the cell may use for a 现场勘查 item (`trips_online > 0`; no such hall: the
///   option is unavailable). New halls are not counted in that part — an approximation that
///   keeps the objective separable.
/// - **Other kind.** Sites of the kind not being placed are all existing: their in-person cost
///   `trips_other × 2 × t` to the nearest capable one is a constant of the cell and joins the cap.
/// - **In-person cost** at the kind being placed, with open sites `S`: `trips × 2 × min t(c, j)`
///   over capable open sites the cell may use. Queue waits are ignored (waits 0): a
///   planning-time objective that does not depend on loads (the run that follows computes them).
/// - **Objective** = Σ_c Σ_s Σ_k weight_s × pop_cs × demand_k/1000 × min(cap_csk, in-person_csk(S))
///   with cap = min(remote, other kind). Items with the same capable sites of the placed kind,
///   trips and cap form one term per (cell, segment).
public struct TwinSitingTerms: Sendable, Equatable {
    /// Cell (index into `TwinSitingProblem.cells`) of each term.
    public var cells: [Int32] = []
    /// Weighted completions per year of each term.
    public var weights: [Double] = []
    /// Minutes per completion per one-way minute to the nearest capable open site (2 × trips).
    public var multipliers: [Double] = []
    /// Minutes per completion of the best option not of the placed kind, or `.infinity`.
    public var caps: [Double] = []
    /// Capability group of each term: an index into `groupSites`.
    public var groups: [Int32] = []
    /// Per group, per site of the instance: whether the site can serve the group's items
    /// (capable, available, and allowed by the district rule for the group's cells).
    public var groupSites: [[Bool]] = []
}

/// What the twin terms are built from.
public struct TwinSitingProblem: Sendable {
    public var cells: [Cell]
    public var items: [ServiceItem]
    public var channels: [Channel]
    /// Instance sites `0 ..< candidateCount` are candidates like `newSite`; then `existing`.
    public var candidateCount: Int
    public var newSite: Site
    public var existing: [Site]
    /// One-way minutes from each cell to the instance's sites.
    public var travel: SparseTravel
    /// The district of each cell and each existing site (as `TwinInput`); nil: one district.
    public var cellDistrict: [Int]?
    public var existingDistrict: [Int]?
    /// The district of every candidate (a district's own new sites: 0 in scenarios).
    public var candidateDistrict: Int
    /// Activity window, elderly adoption ratio and `crossDistrict` are read.
    public var parameters: TwinParameters
    public var weightElderly: Double
    public var weightNotDigital: Double

    public init(cells: [Cell], items: [ServiceItem], channels: [Channel], candidateCount: Int, newSite: Site,
                existing: [Site], travel: SparseTravel, cellDistrict: [Int]? = nil, existingDistrict: [Int]? = nil,
                candidateDistrict: Int = 0, parameters: TwinParameters, weightElderly: Double = 1,
                weightNotDigital: Double = 1) {
        self.cells = cells; self.items = items; self.channels = channels; self.candidateCount = candidateCount
        self.newSite = newSite; self.existing = existing; self.travel = travel; self.cellDistrict = cellDistrict
        self.existingDistrict = existingDistrict; self.candidateDistrict = candidateDistrict
        self.parameters = parameters; self.weightElderly = weightElderly; self.weightNotDigital = weightNotDigital
    }

    var siteCount: Int { candidateCount + existing.count }

    /// The district of a cell when the district rule can exclude a hall, else nil.
    func ruleDistrict(ofCell c: Int) -> Int? {
        guard !parameters.crossDistrict, let cellDistrict, existingDistrict != nil else { return nil }
        return cellDistrict[c]
    }

    /// Whether instance site `j` may serve a cell of `district` (nil: the rule does not apply).
    func mayServe(_ j: Int, district: Int?) -> Bool {
        let isCandidate = j < candidateCount
        let site = isCandidate ? newSite : existing[j - candidateCount]
        guard site.kind == .hall, let district else { return true }
        let hallDistrict = isCandidate ? candidateDistrict : existingDistrict?[j - candidateCount]
        return TwinRules.hallMayServe(cellDistrict: district, hallDistrict: hallDistrict, crossDistrict: parameters.crossDistrict)
    }
}

extension TwinSitingTerms {
    /// Per item with demand, for the cells of one district: its group of placed-kind sites, the
    /// masks of existing other-kind sites and existing halls, and its costs' parts.
    struct ItemRule {
        var group: Int, otherMask: Int, hallMask: Int
        var perResident: Double, multiplier: Double, otherTrips: Double, tripsOnline: Double
        var online: Double, video: Double
    }

    /// Distinct site masks, numbered in first-seen order.
    struct Masks {
        var list: [[Bool]] = []
        var index: [[Bool]: Int] = [:]
        mutating func intern(_ mask: [Bool]) -> Int {
            if let g = index[mask] { return g }
            index[mask] = list.count
            list.append(mask)
            return list.count - 1
        }
    }

    public static func build(_ problem: TwinSitingProblem) -> TwinSitingTerms {
        var terms = TwinSitingTerms()
        var groups = Masks(), fixed = Masks()
        var rulesOfDistrict: [Int?: [ItemRule]] = [:]
        var nearest: [Double] = []
        let travel = problem.travel
        for (i, cell) in problem.cells.enumerated() {
            let district = problem.ruleDistrict(ofCell: i)
            if rulesOfDistrict[district] == nil {
                rulesOfDistrict[district] = itemRules(problem, district: district, groups: &groups, fixed: &fixed)
            }
            let rules = rulesOfDistrict[district] ?? []
            // Nearest existing capable site of each fixed mask.
            nearest = fixed.list.map { mask in
                var best = Double.infinity
                for e in travel.offsets[i]..<travel.offsets[i + 1] where mask[Int(travel.site[e])] {
                    best = min(best, travel.minutes[e])
                }
                return best
            }
            let split = TwinRules.segments(of: cell, elderlyAdoptionRatio: problem.parameters.elderlyAdoptionRatio)
            let we = problem.weightElderly, wn = problem.weightNotDigital
            let segmentWeights = [cell.population * (split.adultDigital + we * split.elderlyDigital),
                                  cell.population * (wn * split.adultNotDigital + (we + wn - 1) * max(0, split.elderlyNotDigital))]
            for segment in TwinRules.Segment.allCases where segmentWeights[segment.rawValue] > 0 {
                terms.append(cell: i, segment: segment, weight: segmentWeights[segment.rawValue], rules: rules, nearest: nearest,
                             videoAccess: problem.parameters.videoAccess)
            }
        }
        terms.groupSites = groups.list
        return terms
    }

    /// The terms of one (cell, segment): items with equal (group, multiplier, cap) share one, in
    /// first-seen order.
    mutating func append(cell i: Int, segment: TwinRules.Segment, weight segmentWeight: Double, rules: [ItemRule],
                         nearest: [Double], videoAccess: VideoAccess) {
        var keys: [(group: Int, multiplier: Double, cap: Double)] = []
        var sums: [Double] = []
        for rule in rules {
            let cap = Self.cap(rule, segment: segment, nearest: nearest, videoAccess: videoAccess)
            let w = segmentWeight * rule.perResident
            if let at = keys.firstIndex(where: { $0.group == rule.group && $0.multiplier == rule.multiplier && $0.cap == cap }) {
                sums[at] += w
            } else {
                keys.append((rule.group, rule.multiplier, cap))
                sums.append(w)
            }
        }
        for (n, key) in keys.enumerated() where sums[n] > 0 {
            cells.append(Int32(i))
            weights.append(sums[n])
            multipliers.append(key.multiplier)
            caps.append(key.cap)
            groups.append(Int32(key.group))
        }
    }

    /// The cheapest option not of the placed kind, at waits 0: remote (online for the digital
    /// segment, video from home for the segments `videoAccess` lets use it) with its 现场勘查
    /// trips at the nearest existing hall, or the other kind. Video desks and assisted hand-ins
    /// are left out of the cap (it can only be higher: the placed site's value is not undercut).
    static func cap(_ rule: ItemRule, segment: TwinRules.Segment, nearest: [Double], videoAccess: VideoAccess) -> Double {
        let hall = nearest[rule.hallMask]
        let hallVisit = TwinRules.visitMinutes(travelMinutes: hall, waitMinutes: 0)
        let remoteReachable = rule.tripsOnline == 0 || hall.isFinite
        func remote(_ minutes: Double) -> Double {
            remoteReachable ? TwinRules.remoteCost(remoteMinutes: minutes, tripsOnline: rule.tripsOnline, hallVisitMinutes: hallVisit)
                : .infinity
        }
        let videoFromHome = TwinRules.segmentMayUse(.video, segment, videoAccess: videoAccess)
            && !TwinRules.videoAtDesk(segment, videoAccess: videoAccess)
        var cap = min(TwinRules.segmentMayUse(.online, segment, videoAccess: videoAccess) ? remote(rule.online) : .infinity,
                      videoFromHome ? remote(rule.video) : .infinity)
        let other = nearest[rule.otherMask]
        if other.isFinite {
            cap = min(cap, TwinRules.inPersonCost(trips: rule.otherTrips,
                                                  visitMinutes: TwinRules.visitMinutes(travelMinutes: other, waitMinutes: 0)))
        }
        return cap
    }

    /// The item rules for cells of `district` (nil: no district rule applies).
    static func itemRules(_ problem: TwinSitingProblem, district: Int?, groups: inout Masks, fixed: inout Masks) -> [ItemRule] {
        let window = problem.parameters.activityWindow
        let kind = problem.newSite.kind
        let candidates = problem.candidateCount, siteCount = problem.siteCount
        let newAvailable = TwinRules.siteAvailable(problem.newSite, window: window)
        let available = problem.existing.map { TwinRules.siteAvailable($0, window: window) }
        let channelAvailable = problem.channels.map { TwinRules.channelAvailable($0, window: window) }
        var rules: [ItemRule] = []
        for item in problem.items.map(TwinRules.modelled) where TwinRules.applicationsPerResident(item) > 0 {
            var placed = [Bool](repeating: false, count: siteCount)
            var other = [Bool](repeating: false, count: siteCount)
            var halls = [Bool](repeating: false, count: siteCount)
            if newAvailable && problem.newSite.handles(item) {
                for j in 0..<candidates where problem.mayServe(j, district: district) { placed[j] = true }
            }
            for (e, site) in problem.existing.enumerated() where available[e] && site.handles(item) {
                let j = candidates + e
                guard problem.mayServe(j, district: district) else { continue }
                if site.kind == kind { placed[j] = true } else { other[j] = true }
                if site.kind == .hall { halls[j] = true }
            }
            var online = Double.infinity, video = Double.infinity
            for (k, channel) in problem.channels.enumerated() where channelAvailable[k] && channel.handles(item) {
                switch channel.kind {
                case .online: online = min(online, channel.effortMinutes)
                case .video: video = min(video, TwinRules.videoMinutes(handlingMinutes: channel.handlingMinutes, waitMinutes: 0))
                case .hotline: break
                }
            }
            rules.append(ItemRule(group: groups.intern(placed), otherMask: fixed.intern(other), hallMask: fixed.intern(halls),
                                  perResident: TwinRules.perResident(item),
                                  multiplier: 2 * (kind == .hall ? item.tripsHall : item.tripsKiosk),
                                  otherTrips: kind == .hall ? item.tripsKiosk : item.tripsHall, tripsOnline: item.tripsOnline,
                                  online: online, video: video))
        }
        return rules
    }
}
