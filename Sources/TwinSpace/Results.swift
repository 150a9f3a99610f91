/// The kinds of option a completion can take, in tie-break order: with equal costs the
/// earlier kind wins (hall, then kiosk, then online, then video — the order of the
/// catalogue's channel columns — then the assisted hand-in); within a kind the lower site /
/// channel index wins.
/// `unserved` is the outcome when no option is available (it is never chosen over one).
public enum ChannelChoice: Int, Sendable, CaseIterable, Hashable {
    case hall, kiosk, online, video, assisted, unserved

    /// The options a completion can take, in tie-break order (their raw values are 0..<5).
    public static let served: [ChannelChoice] = [.hall, .kiosk, .online, .video, .assisted]
    /// Number of served options: the size of per-option scratch in the kernel.
    static let servedCount = 5
}

/// Per-cell figures. "Per resident-year" figures do not depend on the cell's population (demand
/// is per resident), so they are defined for empty cells too.
public struct TwinCellResult: Sendable, Hashable {
    /// One-way minutes to the nearest available hall of any tier that may serve the cell
    /// (district rule applied) / the nearest available kiosk; nil when none is reachable. From
    /// `TwinInput.nearest` when given (no cut-off), else from the cell's travel row.
    public var nearestHallMinutes: Double?
    public var nearestKioskMinutes: Double?
    /// Nearest hall (kiosk) within its threshold.
    public var coveredHall: Bool
    public var coveredKiosk: Bool
    /// Completions demanded per year by the cell's residents (all items, both segments).
    public var completionsPerYear: Double
    /// Shares of the demanded completions taken by each kind of channel, and the share no option
    /// can complete (no capable site reachable and no remote channel); they sum to 1 (0 when the
    /// catalogue has no demand).
    public var shareHall: Double
    public var shareKiosk: Double
    public var shareOnline: Double
    public var shareVideo: Double
    public var unservedShare: Double
    /// Expected in-person trips per resident-year over the chosen options (an online or video
    /// completion counts its `tripsOnline`; failed visits repeated, `TwinRules.modelled`).
    public var tripsPerResidentYear: Double
    /// Travel minutes per resident-year: trips × round-trip minutes (waits not included).
    public var travelMinutesPerResidentYear: Double
    /// Generalized cost per resident-year: the chosen options' costs (travel, waits, effort).
    public var costMinutesPerResidentYear: Double
    /// Documents submitted and promised days (承诺时限) per resident-year, over all demand.
    public var documentsPerResidentYear: Double
    public var timeLimitDaysPerResidentYear: Double
    /// Share of demanded completions done with zero in-person trips.
    public var zeroTripShare: Double
    /// Residents with a gap (see `TwinModel`), weighted by the demand share of their gap items:
    /// total, elderly, not digital.
    public var gapPopulation: Double
    public var gapElderly: Double
    public var gapNotDigital: Double
    /// Share of the demanded completions that proactive items (反向办) complete with no
    /// application (no channel, no trip: also counted in `zeroTripShare`); with the channel and
    /// unserved shares it sums to 1.
    public var shareNoApplication: Double = 0
    /// Site-inspection (现场勘查) staff minutes per resident-year, over the demanded completions
    /// of inspected items.
    public var inspectionStaffMinutesPerResidentYear: Double = 0
    /// Share of the demanded completions handed in at a hall that forwards them (帮办代办).
    public var shareAssisted: Double = 0
    /// Completions a year of the cell's residents that overloaded sites cannot serve: each
    /// overloaded site's unserved completions spread over the completions the cells send it
    /// at the final waits, in proportion (`TwinModel`, Overload); 0 without overload.
    public var overloadUnservedCompletionsPerYear: Double = 0
    /// The residents those stand for: unserved completions ÷ completions per resident-year.
    public var overloadResidents: Double = 0
    /// The part of `gapPopulation` that is overload: the residents standing for the unserved
    /// completions of items that are not already a gap for the segment (counted once).
    public var overloadGapPopulation: Double = 0
}

/// Per-site load and queue figures.
public struct TwinSiteResult: Sendable, Hashable {
    /// Open inside the activity window and with at least one window; otherwise the site is
    /// ignored by the model and its figures are 0.
    public var available: Bool
    /// Minutes per week open inside the activity window (the queue's service period).
    public var openMinutesPerWeek: Int
    /// Completions chosen at this site per year; with 帮办代办, also the hand-ins it accepts
    /// and the forwarded ones it processes (each counted at both sites: its queue serves both).
    public var completionsPerYear: Double
    /// Demand-weighted mean handling minutes of those completions.
    public var meanServiceMinutes: Double
    /// The M/M/c queue at the final loads (windows = servers).
    public var utilisation: Double
    public var waitProbability: Double
    public var waitMinutes: Double
    public var overloaded: Bool
    /// The busiest hour of the week (0 = Monday 00:00; nil: no arrival profile, or no load),
    /// its utilisation `λ·s/c` and its wait (`HourlyQueue`); with a profile `waitMinutes` is the
    /// arrival-weighted mean of the hours' waits.
    public var peakHourOfWeek: Int? = nil
    public var peakUtilisation: Double = 0
    public var peakWaitMinutes: Double = 0
    /// Completions a year beyond what the windows can do in the open week
    /// (`completions − windows × open minutes × weeks / service`; 0 unless overloaded): demand
    /// the site cannot serve, counted unserved.
    public var unservedCompletionsPerYear: Double = 0
}

/// Per-channel figures: online channels carry completions only (no queue); video channels a
/// queue of agents; hotlines a queue of seats, reported and not fed back into the choice.
public struct TwinChannelResult: Sendable, Hashable {
    public var available: Bool
    public var openMinutesPerWeek: Int
    /// Completions per year (online, video); hotline: 0.
    public var completionsPerYear: Double
    /// Hotline consultations per year (`consult_per_completion` × all demanded completions,
    /// split over available hotlines in proportion to seats × open minutes); others 0.
    public var consultationsPerYear: Double
    public var utilisation: Double
    public var waitProbability: Double
    public var waitMinutes: Double
    public var overloaded: Bool
    /// As for sites (video channels with a profile; hotlines always: calls follow the residents'
    /// day over the activity window).
    public var peakHourOfWeek: Int? = nil
    public var peakUtilisation: Double = 0
    public var peakWaitMinutes: Double = 0
    /// Hotlines: the share of calls answered in each hour of the day (24 entries, nil where no
    /// call is placed); empty for other channels.
    public var answerRateByHour: [Double?] = []
    /// Hotlines: the share of all calls answered (nil for other channels).
    public var answerRate: Double? = nil
}

/// How the wait fixed point ended; never hidden.
public struct TwinConvergence: Sendable, Hashable {
    /// The averaged waits settled: the last step moved no wait by more than the tolerance.
    public var converged: Bool
    /// Evaluations of choice and queues done (1 when no wait ever moves).
    public var iterations: Int
    /// Largest change of a site's or video channel's wait (at the averaged loads) in the last
    /// step of the fixed point.
    public var lastMaxChangeMinutes: Double
    /// Largest |wait of the last evaluation's own loads − wait it was made at|: how far a
    /// choice that sends every cell wholly to one site would move the waits. It stays > 0 where
    /// residents at the margin split between two sites (a cell cannot split in one choice), so
    /// it is reported, not tested.
    public var bestResponseChangeMinutes: Double

    public init(converged: Bool, iterations: Int, lastMaxChangeMinutes: Double, bestResponseChangeMinutes: Double = 0) {
        self.converged = converged; self.iterations = iterations
        self.lastMaxChangeMinutes = lastMaxChangeMinutes; self.bestResponseChangeMinutes = bestResponseChangeMinutes
    }
}

/// The model's answer; arrays are in the order of the inputs.
public struct TwinResult: Sendable, Hashable {
    public var cells: [TwinCellResult]
    public var sites: [TwinSiteResult]
    public var channels: [TwinChannelResult]
    public var convergence: TwinConvergence
    /// Number of capability groups (items with the same set of capable sites), for diagnostics.
    public var capabilityGroups: Int
    /// Per item of the catalogue, in its order: the choice's channels and trips.
    public var items: [TwinItemResult] = []
    /// Per demand group (time-of-day segments, establishments); empty without groups.
    public var demandGroups: [TwinDemandGroupResult] = []
    /// Who the completions overloaded sites cannot serve are given to (all 0 without overload).
    public var overload = TwinOverloadShares()
}

/// Per-item figures of the last evaluation: what the channel choice does with one item.
public struct TwinItemResult: Sendable, Hashable {
    /// Completions demanded per year (all residents × the item's rate).
    public var completionsPerYear: Double
    /// Shares of those completions by channel and unserved (they sum to 1 with residents; the
    /// shares are the choice's even for an item without demand).
    public var shareHall: Double, shareKiosk: Double, shareOnline: Double, shareVideo: Double, shareUnserved: Double
    /// In-person trips per served completion; nil when no resident can complete the item.
    public var tripsPerCompletion: Double?
    /// Share handed in at a hall that forwards it (帮办代办).
    public var shareAssisted: Double = 0
}

/// One demand group's figures (see `DemandGroups`): a time-of-day segment of the residents, all
/// residents, or the establishments (then "population" counts establishments).
public struct TwinDemandGroupResult: Sendable, Hashable {
    /// `working`, `elderly`, `others`, `residents` or `establishments`.
    public var id: String
    /// The weekly window the group seeks services in (opening-hours text).
    public var hours: String
    /// Residents (establishments) in the group.
    public var population = 0.0
    /// Completions the group demands per year, and the shares each kind of option takes.
    public var completionsPerYear = 0.0
    public var shareHall = 0.0, shareKiosk = 0.0, shareOnline = 0.0, shareVideo = 0.0, shareUnserved = 0.0
    /// In-person trips per year.
    public var tripsPerYear = 0.0
    /// Residents (establishments) with a gap, weighted by the demand share of their gap items.
    public var gapPopulation = 0.0
    /// Completions the group brings to halls per year.
    public var hallCompletionsPerYear = 0.0
    /// Hotline consultations per year, and those no hotline open in the group's window answers.
    public var hotlineCallsPerYear = 0.0
    public var hotlineCallsUnansweredPerYear = 0.0

    public init(id: String, hours: String) { self.id = id; self.hours = hours }
}
