import Model

/// The hours of the day in which residents seek services, the same every day.
///
/// Definition used throughout the model: demand arises only inside this window, so a site or
/// channel serves during the minutes it is open *and* inside the window. A site or channel
/// whose hours never overlap the window is unavailable ("closing hours make a channel
/// unavailable"), and queue arrival rates are spread over the overlap minutes only.
public struct ActivityWindow: Sendable, Hashable {
    /// Minutes after midnight, `0 ≤ start < end ≤ 1440`.
    public var dailyStartMinute: Int
    public var dailyEndMinute: Int

    public init(dailyStartMinute: Int, dailyEndMinute: Int) {
        self.dailyStartMinute = dailyStartMinute; self.dailyEndMinute = dailyEndMinute
    }

    /// 07:00–22:00 every day, the default.
    public static let daytime = ActivityWindow(dailyStartMinute: 7 * 60, dailyEndMinute: 22 * 60)

    /// Minutes per week that `hours` is open inside the window.
    public func openMinutesPerWeek(_ hours: OpeningHours) -> Int {
        var total = 0
        for day in 0..<7 {
            total += hours.openMinutes(within: (day * 1440 + dailyStartMinute)..<(day * 1440 + dailyEndMinute))
        }
        return total
    }

    var isValid: Bool { 0 <= dailyStartMinute && dailyStartMinute < dailyEndMinute && dailyEndMinute <= 1440 }
}

/// Everything the twin-space model reads, as values (no I/O).
public struct TwinInput: Sendable {
    public var cells: [Cell]
    /// The service catalogue.
    public var items: [ServiceItem]
    /// Halls and kiosks; `travel` refers to them by index.
    public var sites: [Site]
    /// Online, video and hotline channels.
    public var channels: [Channel]
    /// One-way minutes from every cell to the sites it can reach within a cut-off (rows are
    /// cells, in `cells` order; columns index `sites`). A site missing from a cell's row is
    /// unreachable from it; rows need not be sorted, a site may appear once per row.
    public var travel: SparseTravel
    /// District id of each cell and of each site (only halls use it), for the 跨区通办 rule
    /// (`TwinParameters.crossDistrict`). Both nil: one district.
    public var cellDistrict: [Int]?
    public var siteDistrict: [Int]?
    /// Each cell's minutes to its nearest hall and kiosk without a cut-off (computed by the
    /// travel stage over the sites `TwinModel.nearestMinutes` names). nil: taken from `travel`,
    /// so a site beyond the cut-off of its rows counts as unreachable.
    public var nearest: TwinNearestMinutes?

    public init(cells: [Cell], items: [ServiceItem], sites: [Site], channels: [Channel],
                travel: SparseTravel, cellDistrict: [Int]? = nil, siteDistrict: [Int]? = nil) {
        self.cells = cells; self.items = items; self.sites = sites; self.channels = channels
        self.travel = travel; self.cellDistrict = cellDistrict; self.siteDistrict = siteDistrict
    }
}

/// One-way minutes from every cell to the nearest available hall that may serve it (district
/// rule applied) and to the nearest available kiosk, with no cut-off; `.infinity` where none
/// can be reached at all (the cell is off the network, or no path or matrix pair leads to one).
public struct TwinNearestMinutes: Sendable, Hashable {
    public var hall: [Double]
    public var kiosk: [Double]
    public init(hall: [Double], kiosk: [Double]) { self.hall = hall; self.kiosk = kiosk }
}

/// Knobs of the model; the defaults are the documented ones.
public struct TwinParameters: Sendable, Hashable {
    /// A cell is covered by halls (kiosks) when the nearest one is within this many minutes
    /// one way; the same thresholds define gaps.
    public var hallThresholdMinutes: Double
    public var kioskThresholdMinutes: Double
    /// When demand arises (default daily 07:00–22:00); see `ActivityWindow`.
    public var activityWindow: ActivityWindow
    /// Logit scale θ per minute: completions split `∝ exp(−θ·cost)` over every available hall,
    /// kiosk and remote option. nil (the default): every completion takes the minimum-cost option.
    public var logitScalePerMinute: Double?
    /// Fixed-point step scale in (0, 1]: at evaluation `k > 2` the loads and cell figures move
    /// `min(1, 4·damping/(k + 1))` of the way to the new choice's; the default 0.5 weighs the
    /// choices 1, 2, 3, … (see `TwinModel`, Fixed point).
    public var damping: Double
    /// At most this many choice/queue evaluations (default 50).
    public var maxIterations: Int
    /// Converged when no site's or video channel's wait (at the averaged loads) moves by more
    /// than this in one step of the fixed point (default 0.1 min).
    public var toleranceMinutes: Double
    /// 跨区通办: when true every capable hall may serve a resident whatever its district; when
    /// false only halls whose `siteDistrict` equals the resident's `cellDistrict`. Kiosks and
    /// remote channels ignore districts.
    public var crossDistrict: Bool
    /// The wait of an overloaded queue (utilisation ≥ 1), and the largest wait of any queue:
    /// a working day, 480 minutes, by default.
    public var waitCapMinutes: Double
    /// Worker threads for the per-cell pass; results are bit-identical for any count.
    public var threads: Int
    /// Elderly over adult digital adoption in the district (e.g. 0.35 / 0.85), used to split a
    /// cell's digital share between adults and elderly; nil: the not-digital are elderly first.
    public var elderlyAdoptionRatio: Double?
    /// 帮办代办 hand-ins at halls of the given tiers (nil: no assisted channel).
    public var assisted: AssistedService? = nil
    /// Who may use video: the digital segment only (default), the not digital at a community
    /// video desk as well, or everyone from home.
    public var videoAccess: VideoAccess = .digital
    /// The district's arrival profile (`arrivals` of district.yaml): queues are then computed
    /// hour by hour (`HourlyQueue`); nil with no site override: the weekly Erlang C.
    public var arrivals: ArrivalProfile? = nil
    /// Demand segments with their own availability windows (working adults, the elderly,
    /// others); nil: everyone seeks services in `activityWindow` (see `DemandGroups`).
    public var timeOfDay: TimeOfDaySettings?
    /// How establishments seek business items (when cells count establishments and items have a
    /// rate per establishment); nil: `EstablishmentSettings()`'s defaults.
    public var establishments: EstablishmentSettings?

    public init(hallThresholdMinutes: Double = 30, kioskThresholdMinutes: Double = 15,
                activityWindow: ActivityWindow = .daytime, logitScalePerMinute: Double? = nil,
                damping: Double = 0.5, maxIterations: Int = 50, toleranceMinutes: Double = 0.1,
                crossDistrict: Bool = false, waitCapMinutes: Double = 480, threads: Int = 1) {
        self.hallThresholdMinutes = hallThresholdMinutes; self.kioskThresholdMinutes = kioskThresholdMinutes
        self.activityWindow = activityWindow; self.logitScalePerMinute = logitScalePerMinute
        self.damping = damping; self.maxIterations = maxIterations; self.toleranceMinutes = toleranceMinutes
        self.crossDistrict = crossDistrict; self.waitCapMinutes = waitCapMinutes; self.threads = threads
    }

    /// The thresholds of `district.yaml`, other knobs at their defaults.
    public init(settings: DistrictSettings) {
        self.init(hallThresholdMinutes: settings.hallThresholdMinutes,
                  kioskThresholdMinutes: settings.kioskThresholdMinutes)
        if settings.digitalAdoptionAdults > 0 {
            elderlyAdoptionRatio = settings.digitalAdoptionElderly / settings.digitalAdoptionAdults
        }
        assisted = settings.assisted
        videoAccess = settings.videoAccess
        arrivals = settings.arrivals
        timeOfDay = settings.timeOfDay
        establishments = settings.establishments
    }
}

/// Inconsistent model input (array lengths, indices, out-of-range values). The inputs are built
/// by the engine, so this points at a bug upstream or an unchecked value; the message says which
/// array and which element.
public struct TwinSpaceError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
