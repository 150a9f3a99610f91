import Model
import TwinSpace

/// Population-weighted distribution of minutes to the nearest site of a kind, over the residents
/// who can reach one; those who cannot are counted apart, never folded into the figures.
public struct MinutesSummary: Sendable, Hashable {
    public var mean: Double?
    public var median: Double?
    public var p90: Double?
    /// Share of residents whose nearest site is within the threshold.
    public var shareWithinThreshold: Double
    public var unreachablePopulation: Double
}

/// The summary of one area (the district or a subdistrict).
public struct AreaSummary: Sendable, Hashable {
    public var id: String
    public var name: String
    public var cells: Int
    public var population: Double
    public var hall: MinutesSummary
    public var kiosk: MinutesSummary
    /// Completion-weighted channel shares.
    public var shareHall: Double, shareKiosk: Double, shareOnline: Double, shareVideo: Double, shareUnserved: Double
    public var zeroTripShare: Double
    /// Population-weighted means of the per-resident-year figures.
    public var tripsPerResidentYear: Double
    public var travelMinutesPerResidentYear: Double
    public var documentsPerResidentYear: Double
    public var timeLimitDaysPerResidentYear: Double
    public var gapPopulation: Double, gapElderly: Double, gapNotDigital: Double
    /// Population-weighted Gini and Theil of travel minutes per resident-year over the cells.
    public var giniTravel: Double?
    public var theilTravel: Double?
    /// Completion-weighted share done with no application (proactive items, 反向办).
    public var shareNoApplication: Double = 0
    /// Site-inspection (现场勘查) staff minutes per year, over the demanded completions of
    /// inspected items of the area's residents.
    public var inspectionStaffMinutesPerYear: Double = 0
    /// Completion-weighted share handed in at a hall that forwards it (帮办代办).
    public var shareAssisted: Double = 0
    /// Completions a year of the area's residents that overloaded sites cannot serve, the
    /// residents they stand for, and the part of `gapPopulation` that is overload
    /// (`TwinCellResult`'s overload figures summed).
    public var overloadCompletionsPerYear: Double = 0
    public var overloadResidents: Double = 0
    public var overloadGapPopulation: Double = 0
}

/// Figures over the halls of a run.
public struct HallSummary: Sendable, Hashable {
    public var halls: Int
    public var completionsPerYear: Double
    /// Completion-weighted mean utilisation and wait, and the largest ones.
    public var meanUtilisation: Double
    public var maxUtilisation: Double
    public var meanWaitMinutes: Double
    public var maxWaitMinutes: Double
    public var overloaded: [String]
    /// Hour by hour (an arrival profile applies): the completion-weighted mean of each hall's
    /// wait in its busiest hour, the largest such wait and utilisation; 0 without a profile.
    public var meanPeakWaitMinutes: Double = 0
    public var maxPeakWaitMinutes: Double = 0
    public var maxPeakUtilisation: Double = 0
    /// Completions a year the halls cannot serve (beyond overloaded halls' week).
    public var unservedCompletionsPerYear: Double = 0
}

/// A site an `optimize` step placed: where it is, and in which subdistrict (nil: in none).
public struct SitePlacement: Sendable, Hashable {
    public var id: String
    public var kind: SiteKind
    public var tier: Tier?
    public var location: XY
    public var subdistrictId: String?
    public var subdistrictName: String?
    public init(id: String, kind: SiteKind, tier: Tier?, location: XY, subdistrictId: String?, subdistrictName: String?) {
        self.id = id; self.kind = kind; self.tier = tier; self.location = location
        self.subdistrictId = subdistrictId; self.subdistrictName = subdistrictName
    }
}

/// Everything `summary.json` holds.
public struct RunSummary: Sendable, Hashable {
    public var scenario: String
    public var districtName: String
    public var hallThresholdMinutes: Double
    public var kioskThresholdMinutes: Double
    public var travel: String
    public var district: AreaSummary
    public var subdistricts: [AreaSummary]
    public var halls: HallSummary
    /// Worst over best subdistrict mean travel minutes per resident-year (nil when a best is 0
    /// or there are fewer than two populated subdistricts).
    public var worstToBestTravelRatio: Double?
    public var convergence: TwinConvergence
    public var unreachableCells: Int
    /// What the scenario's changes did, in order.
    public var changes: [String]
    public var warnings: [String]
    /// The sites `optimize` steps placed, where they are.
    public var placements: [SitePlacement] = []
    /// The fixed point's tolerance: converged when no wait moved by more than this.
    public var convergenceToleranceMinutes = 0.1
    /// The 一件事一次办 bundles of the run, per case.
    public var bundles: [BundleSummary] = []
    /// Video, hotline and online channels' loads and queues, in channels.yaml order.
    public var channels: [ChannelFigures] = []
    /// Demand overloaded halls and kiosks cannot serve.
    public var overload = OverloadSummary(unservedCompletionsPerYear: 0, shareOfDemand: 0, residentEquivalents: 0, sites: [])
    /// Whether queues were computed hour by hour (`arrivals` in district.yaml or a site's own).
    public var hourlyQueues = false
    /// Per demand group (time-of-day segments, establishments); empty without groups.
    public var demandGroups: [TwinDemandGroupResult] = []

    public init(scenario: String, districtName: String, hallThresholdMinutes: Double, kioskThresholdMinutes: Double,
                travel: String, district: AreaSummary, subdistricts: [AreaSummary], halls: HallSummary,
                worstToBestTravelRatio: Double?, convergence: TwinConvergence, unreachableCells: Int, changes: [String], warnings: [String]) {
        self.scenario = scenario; self.districtName = districtName; self.hallThresholdMinutes = hallThresholdMinutes
        self.kioskThresholdMinutes = kioskThresholdMinutes; self.travel = travel; self.district = district
        self.subdistricts = subdistricts; self.halls = halls; self.worstToBestTravelRatio = worstToBestTravelRatio
        self.convergence = convergence; self.unreachableCells = unreachableCells; self.changes = changes; self.warnings = warnings
    }
}

public enum Summaries {
    /// Summarises the cells `members` (indices) of a run.
    public static func area(id: String, name: String, members: [Int], cells: [Cell], results: [TwinCellResult],
                            hallThresholdMinutes: Double, kioskThresholdMinutes: Double) -> AreaSummary {
        var population = 0.0, completions = 0.0
        var shares = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0], zeroTrip = 0.0
        var trips = 0.0, travel = 0.0, documents = 0.0, days = 0.0, noApplication = 0.0, inspection = 0.0
        var gap = 0.0, gapElderly = 0.0, gapNotDigital = 0.0
        var overload = (completions: 0.0, residents: 0.0, gap: 0.0)
        var travelValues: [Double] = [], weights: [Double] = []
        travelValues.reserveCapacity(members.count); weights.reserveCapacity(members.count)
        for i in members {
            let c = cells[i], r = results[i], w = c.population
            population += w
            completions += r.completionsPerYear
            shares[0] += r.completionsPerYear * r.shareHall
            shares[1] += r.completionsPerYear * r.shareKiosk
            shares[2] += r.completionsPerYear * r.shareOnline
            shares[3] += r.completionsPerYear * r.shareVideo
            shares[4] += r.completionsPerYear * r.unservedShare
            shares[5] += r.completionsPerYear * r.shareAssisted
            zeroTrip += r.completionsPerYear * r.zeroTripShare
            noApplication += r.completionsPerYear * r.shareNoApplication
            inspection += w * r.inspectionStaffMinutesPerResidentYear
            trips += w * r.tripsPerResidentYear
            travel += w * r.travelMinutesPerResidentYear
            documents += w * r.documentsPerResidentYear
            days += w * r.timeLimitDaysPerResidentYear
            gap += r.gapPopulation; gapElderly += r.gapElderly; gapNotDigital += r.gapNotDigital
            overload.completions += r.overloadUnservedCompletionsPerYear
            overload.residents += r.overloadResidents
            overload.gap += r.overloadGapPopulation
            travelValues.append(r.travelMinutesPerResidentYear)
            weights.append(w)
        }
        func perCompletion(_ x: Double) -> Double { completions > 0 ? x / completions : 0 }
        func perResident(_ x: Double) -> Double { population > 0 ? x / population : 0 }
        var summary = AreaSummary(
            id: id, name: name, cells: members.count, population: population,
            hall: minutes(members, cells, { results[$0].nearestHallMinutes }, threshold: hallThresholdMinutes),
            kiosk: minutes(members, cells, { results[$0].nearestKioskMinutes }, threshold: kioskThresholdMinutes),
            shareHall: perCompletion(shares[0]), shareKiosk: perCompletion(shares[1]), shareOnline: perCompletion(shares[2]),
            shareVideo: perCompletion(shares[3]), shareUnserved: perCompletion(shares[4]),
            zeroTripShare: perCompletion(zeroTrip),
            tripsPerResidentYear: perResident(trips), travelMinutesPerResidentYear: perResident(travel),
            documentsPerResidentYear: perResident(documents), timeLimitDaysPerResidentYear: perResident(days),
            gapPopulation: gap, gapElderly: gapElderly, gapNotDigital: gapNotDigital,
            giniTravel: Equity.gini(values: travelValues, weights: weights),
            theilTravel: Equity.theil(values: travelValues, weights: weights),
            shareNoApplication: perCompletion(noApplication), inspectionStaffMinutesPerYear: inspection,
            shareAssisted: perCompletion(shares[5]))
        summary.overloadCompletionsPerYear = overload.completions
        summary.overloadResidents = overload.residents
        summary.overloadGapPopulation = overload.gap
        return summary
    }

    /// `nearest(i)`: cell i's minutes, nil when unreachable (read in place: no copy of every
    /// cell's figure per area).
    static func minutes(_ members: [Int], _ cells: [Cell], _ nearest: (Int) -> Double?, threshold: Double) -> MinutesSummary {
        var values: [Double] = [], weights: [Double] = []
        values.reserveCapacity(members.count); weights.reserveCapacity(members.count)
        var within = 0.0, unreachable = 0.0, population = 0.0
        for i in members {
            let w = cells[i].population
            population += w
            guard let m = nearest(i) else { unreachable += w; continue }
            values.append(m)
            weights.append(w)
            if m <= threshold { within += w }
        }
        let quantiles = Equity.quantiles([0.5, 0.9], values: values, weights: weights)
        return MinutesSummary(mean: Equity.mean(values: values, weights: weights),
                              median: quantiles?[0], p90: quantiles?[1],
                              shareWithinThreshold: population > 0 ? within / population : 0,
                              unreachablePopulation: unreachable)
    }

    public static func halls(sites: [Site], results: [TwinSiteResult]) -> HallSummary {
        var count = 0, completions = 0.0, utilisation = 0.0, wait = 0.0, maxU = 0.0, maxW = 0.0
        var overloaded: [String] = []
        for (site, r) in zip(sites, results) where site.kind == .hall {
            count += 1
            completions += r.completionsPerYear
            utilisation += r.completionsPerYear * r.utilisation
            wait += r.completionsPerYear * r.waitMinutes
            maxU = max(maxU, r.utilisation)
            maxW = max(maxW, r.waitMinutes)
            if r.overloaded { overloaded.append(site.id) }
        }
        var summary = HallSummary(halls: count, completionsPerYear: completions,
                                  meanUtilisation: completions > 0 ? utilisation / completions : 0, maxUtilisation: maxU,
                                  meanWaitMinutes: completions > 0 ? wait / completions : 0, maxWaitMinutes: maxW,
                                  overloaded: overloaded)
        var peakWait = 0.0
        for (site, r) in zip(sites, results) where site.kind == .hall {
            peakWait += r.completionsPerYear * r.peakWaitMinutes
            summary.maxPeakWaitMinutes = max(summary.maxPeakWaitMinutes, r.peakWaitMinutes)
            summary.maxPeakUtilisation = max(summary.maxPeakUtilisation, r.peakUtilisation)
            summary.unservedCompletionsPerYear += r.unservedCompletionsPerYear
        }
        summary.meanPeakWaitMinutes = completions > 0 ? peakWait / completions : 0
        return summary
    }

    /// Worst over best populated subdistrict by mean travel minutes per resident-year.
    public static func worstToBest(_ areas: [AreaSummary]) -> Double? {
        let burdens = areas.filter { $0.population > 0 }.map(\.travelMinutesPerResidentYear)
        guard burdens.count >= 2, let best = burdens.min(), let worst = burdens.max(), best > 0 else { return nil }
        return worst / best
    }
}
