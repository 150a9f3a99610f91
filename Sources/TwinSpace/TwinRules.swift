import Model

/// The rules of the twin space, in one place: which sites and channels exist for the residents
/// (availability), which residents may use them (segments, eligibility, the district rule), and
/// what an option costs (generalized minutes). The channel choice (`TwinModel`, its fast kernel
/// and its reference `TwinChoice`) and the twin siting objective (`TwinSitingTerms`) all call
/// these, so the two cannot drift apart. The definitions are stated in `TwinModel`'s doc comment.
public enum TwinRules {
    // MARK: Availability

    /// A site exists for the model when it has ≥ 1 window and is open some minute of the
    /// activity window (`openMinutesPerWeek`: its open minutes per week inside the window).
    public static func siteAvailable(windows: Int, openMinutesPerWeek: Int) -> Bool {
        windows >= 1 && openMinutesPerWeek > 0
    }

    public static func siteAvailable(_ site: Site, window: ActivityWindow) -> Bool {
        siteAvailable(windows: site.windows, openMinutesPerWeek: window.openMinutesPerWeek(site.hours))
    }

    /// A channel exists when open some minute of the activity window and, for video, with ≥ 1
    /// agent (hotlines: ≥ 1 seat).
    public static func channelAvailable(_ channel: Channel, openMinutesPerWeek: Int) -> Bool {
        guard openMinutesPerWeek > 0 else { return false }
        switch channel.kind {
        case .online: return true
        case .video: return channel.agents >= 1
        case .hotline: return channel.seats >= 1
        }
    }

    public static func channelAvailable(_ channel: Channel, window: ActivityWindow) -> Bool {
        channelAvailable(channel, openMinutesPerWeek: window.openMinutesPerWeek(channel.hours))
    }

    // MARK: Eligibility

    /// 跨区通办: a hall may serve a cell when cross-district service is on, when no districts are
    /// given (nil), or when both lie in the same district. Kiosks and channels ignore districts.
    public static func hallMayServe(cellDistrict: Int?, hallDistrict: Int?, crossDistrict: Bool) -> Bool {
        guard let cellDistrict, let hallDistrict else { return true }
        return hallMayServe(cellDistrict: cellDistrict, hallDistrict: hallDistrict, crossDistrict: crossDistrict)
    }

    @inline(__always)
    public static func hallMayServe(cellDistrict: Int, hallDistrict: Int, crossDistrict: Bool) -> Bool {
        crossDistrict || cellDistrict == hallDistrict
    }

    /// Whether a resident of `segment` may take an option of this kind: online needs the digital
    /// segment; halls, kiosks and (staff-assisted) video serve both.
    public static func segmentMayUse(_ choice: ChannelChoice, _ segment: Segment) -> Bool {
        switch choice {
        case .online: segment == .digital
        case .hall, .kiosk, .video: true
        case .unserved: false
        }
    }

    // MARK: Segments

    /// The two resident segments of a cell; the elderly are an attribute within each.
    public enum Segment: Int, Sendable, CaseIterable {
        case digital, notDigital
    }

    /// Shares of a cell's residents by segment and age (they sum to 1 over the four parts).
    public struct SegmentSplit: Sendable, Hashable {
        public var digital: Double
        public var elderly: Double
        public var elderlyDigital: Double
        public var elderlyNotDigital: Double { elderly - elderlyDigital }
        public var notDigital: Double { 1 - digital }
        public var adultDigital: Double { max(0, digital - elderlyDigital) }
        public var adultNotDigital: Double { max(0, 1 - elderly - adultDigital) }

        /// Share of the cell in `segment`.
        public func share(_ segment: Segment) -> Double { segment == .digital ? digital : 1 - digital }
    }

    /// The elderly digital split: with ratio `r` (elderly over adult adoption) adults adopt at
    /// `a = digital / ((1 − elderly) + elderly·r)` and the elderly at `min(1, r·a)`; without a
    /// ratio the not-digital are taken to be elderly first.
    public static func segments(elderlyShare e: Double, digitalShare d: Double, elderlyAdoptionRatio: Double?) -> SegmentSplit {
        let elderlyDigital: Double
        if let r = elderlyAdoptionRatio {
            let adults = d / max((1 - e) + e * r, 1e-12)
            elderlyDigital = e * min(1, r * adults)
        } else {
            elderlyDigital = e - min(e, 1 - d)
        }
        return SegmentSplit(digital: d, elderly: e, elderlyDigital: elderlyDigital)
    }

    public static func segments(of cell: Cell, elderlyAdoptionRatio: Double?) -> SegmentSplit {
        segments(elderlyShare: cell.elderlyShare, digitalShare: cell.digitalShare, elderlyAdoptionRatio: elderlyAdoptionRatio)
    }

    // MARK: Generalized cost (minutes per completion)

    /// One visit to a site: there and back plus the expected wait.
    @inline(__always)
    public static func visitMinutes(travelMinutes t: Double, waitMinutes w: Double) -> Double { 2 * t + w }

    /// An in-person option: `trips` visits.
    @inline(__always)
    public static func inPersonCost(trips: Double, visitMinutes: Double) -> Double { trips * visitMinutes }

    /// Online or video: the remote part (online effort, or video handling plus wait) and the
    /// item's in-person trips of a remote completion (`tripsOnline`) at the best hall's visit.
    @inline(__always)
    public static func remoteCost(remoteMinutes: Double, tripsOnline: Double, hallVisitMinutes: Double) -> Double {
        remoteMinutes + (tripsOnline > 0 ? tripsOnline * hallVisitMinutes : 0)
    }

    /// A video channel's remote part: its handling minutes plus its queue's wait.
    @inline(__always)
    public static func videoMinutes(handlingMinutes: Double, waitMinutes: Double) -> Double { handlingMinutes + waitMinutes }

    /// Completions per resident-year of an item.
    @inline(__always)
    public static func perResident(_ item: ServiceItem) -> Double { item.perThousandPerYear / 1000 }

    // MARK: Items as the choice sees them

    /// Completions per resident-year the residents apply for: none for a proactive (反向办) item,
    /// which the office completes unasked; they still count in the demand.
    public static func applicationsPerResident(_ item: ServiceItem) -> Double {
        item.proactive ? 0 : perResident(item)
    }

    /// Expected visits for `planned` trips when a visit fails with probability `p` (来回跑) and is
    /// made again until it completes: each trip is a geometric number of visits, mean 1 / (1 − p).
    public static func expectedTrips(planned: Double, failedVisitProbability p: Double) -> Double {
        planned / (1 - p)
    }

    /// The item as the channel choice and the totals read it: expected trips of every in-person
    /// visit (hall, kiosk, and the in-person part of a remote completion, which gains the hall
    /// trip of an inspection the resident attends), promised days plus inspection days; a
    /// proactive item has no trips, documents or consultations. Inspection staff minutes are
    /// not window time: they stay out of the halls' handling minutes.
    public static func modelled(_ item: ServiceItem) -> ServiceItem {
        var m = item
        let p = item.failedVisitProbability
        m.tripsHall = expectedTrips(planned: item.tripsHall, failedVisitProbability: p)
        m.tripsKiosk = expectedTrips(planned: item.tripsKiosk, failedVisitProbability: p)
        m.tripsOnline = expectedTrips(planned: item.tripsOnline + (item.inspectionAtHall ? 1 : 0), failedVisitProbability: p)
        m.timeLimitDays = item.timeLimitDays + item.inspectionDays
        if item.proactive {
            m.tripsHall = 0; m.tripsKiosk = 0; m.tripsOnline = 0
            m.documents = 0; m.consultPerCompletion = 0
        }
        return m
    }
}
