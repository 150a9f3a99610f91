/// `time_of_day` of `district.yaml`: residents split into three demand segments, each seeking
/// services only inside its own weekly window. A site or channel serves a segment when its
/// opening hours overlap the segment's window.
///
/// Shares of a cell: the elderly (aged 65+) are the cell's `elderlyShare`; of the others,
/// `workingShare` work office hours (working adults) and the rest are "others" (not working
/// office hours: children's carers, shift and home workers, students, the unemployed).
public struct TimeOfDaySettings: Sendable, Hashable, Codable {
    /// Share of the residents under 65 who work office hours, 0...1.
    public var workingShare: Double
    /// When working adults can seek services: outside office hours on weekdays, and weekends.
    public var workingHours: OpeningHours
    /// When the elderly seek services: the daytime.
    public var elderlyHours: OpeningHours
    /// When everyone else seeks services: any time from 07:00 to 22:00 (the activity window).
    public var othersHours: OpeningHours

    public static let defaultWorkingHours = OpeningHours(literal: "Mo-Fr 07:00-09:00,18:00-23:00; Sa,Su 08:00-23:00")
    public static let defaultElderlyHours = OpeningHours(literal: "Mo-Su 08:00-18:00")
    public static let defaultOthersHours = OpeningHours(literal: "Mo-Su 07:00-22:00")

    public init(workingShare: Double, workingHours: OpeningHours = defaultWorkingHours,
                elderlyHours: OpeningHours = defaultElderlyHours, othersHours: OpeningHours = defaultOthersHours) {
        self.workingShare = workingShare; self.workingHours = workingHours
        self.elderlyHours = elderlyHours; self.othersHours = othersHours
    }
}

/// `establishments` of `district.yaml`: how the establishments (enterprises, 法人) of the
/// population layer's `establishments` column seek the business items (`per_establishment_per_year`).
public struct EstablishmentSettings: Sendable, Hashable, Codable {
    /// Share of establishments that complete online items unaided, 0...1.
    public var digitalShare: Double
    /// When their staff seek services (default office hours, Mo-Fr 09:00-17:00).
    public var hours: OpeningHours

    /// The default digital share, an assumption (no source document gives one): firms file online
    /// far more than residents do.
    public static let defaultDigitalShare = 0.8
    public static let defaultHours = OpeningHours(literal: "Mo-Fr 09:00-17:00")

    public init(digitalShare: Double = defaultDigitalShare, hours: OpeningHours = defaultHours) {
        self.digitalShare = digitalShare; self.hours = hours
    }
}

extension OpeningHours {
    /// Weekly hours made of `intervals` (minutes since Monday 00:00, within the week), merged.
    public static func weekly(_ intervals: [Range<Int>], text: String) -> OpeningHours {
        OpeningHours(text: text, intervals: merge(intervals.filter { $0.lowerBound >= 0 && $0.upperBound <= minutesPerWeek }))
    }

    /// The minutes open in any of `hours`.
    public static func union(_ hours: [OpeningHours]) -> OpeningHours {
        weekly(hours.flatMap(\.intervals), text: hours.map(\.text).joined(separator: " | "))
    }

    /// Minutes per week open in both `self` and `other`.
    public func overlapMinutes(with other: OpeningHours) -> Int {
        other.intervals.reduce(0) { $0 + openMinutes(within: $1) }
    }
}
