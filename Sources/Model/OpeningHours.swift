/// Weekly opening hours parsed from OpenStreetMap `opening_hours` syntax.
///
/// Supported: `24/7`; rules separated by `;`, each `[weekdays] times|off|closed`; weekday
/// ranges and lists (`Mo-Fr`, `Mo,We,Fr`, `Sa-Mo` wrapping); several time ranges
/// (`08:30-12:00,13:30-17:00`); `24:00` as an end; ranges past midnight (`22:00-02:00`).
/// A later rule replaces the hours of the days it names, as in OSM. Public-holiday rules
/// (`PH ...`) do not change a regular week and are skipped.
public struct OpeningHours: Sendable, Hashable, Codable, CustomStringConvertible {
    public static let minutesPerWeek = 7 * 1440

    /// Open intervals in minutes since Monday 00:00, sorted, disjoint, within the week.
    public private(set) var intervals: [Range<Int>]
    /// The text it was parsed from.
    public let text: String

    public var description: String { text }

    public static let alwaysOpen = OpeningHours(text: "24/7", intervals: [0..<minutesPerWeek])

    init(text: String, intervals: [Range<Int>]) {
        self.text = text
        self.intervals = intervals
    }

    /// Minutes open per week.
    public var weeklyOpenMinutes: Int { intervals.reduce(0) { $0 + $1.count } }

    /// Whether the site is open at `minuteOfWeek` (0 = Monday 00:00).
    public func isOpen(atMinuteOfWeek minute: Int) -> Bool {
        let m = ((minute % Self.minutesPerWeek) + Self.minutesPerWeek) % Self.minutesPerWeek
        return intervals.contains { $0.contains(m) }
    }

    /// Minutes of `window` (minutes of week) during which it is open.
    public func openMinutes(within window: Range<Int>) -> Int {
        intervals.reduce(0) { total, interval in
            total + max(0, min(interval.upperBound, window.upperBound) - max(interval.lowerBound, window.lowerBound))
        }
    }

    private static let dayNames = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]

    /// Hours written in the program itself (a default, a generated district). A typo there is a
    /// programming error, not bad input: it stops the program at once rather than falling back
    /// to "always open" (a hall open 24/7). `OpeningHoursLiteralTests` parses every literal in
    /// the sources, so the stop never reaches a user.
    public init(literal text: StaticString) {
        do { try self.init(parsing: "\(text)") } catch {
            preconditionFailure("opening hours literal '\(text)' does not parse: \(error)")
        }
    }

    /// Parses `text`; the error message says what is wrong and where.
    public init(parsing text: String) throws(OpeningHoursError) {
        let trimmed = text.trimmingSpacesAndTabs
        guard !trimmed.isEmpty else { throw OpeningHoursError("opening hours are empty") }
        self.text = trimmed
        if trimmed == "24/7" {
            intervals = [0..<Self.minutesPerWeek]
            return
        }
        // Open minutes per weekday (0 = Monday) as ranges within 0..<2880 (to allow spill-over).
        var perDay: [[Range<Int>]] = Array(repeating: [], count: 7)
        var sawRule = false
        for rawRule in trimmed.split(separator: ";", omittingEmptySubsequences: false) {
            let rule = String(rawRule).trimmingSpacesAndTabs
            if rule.isEmpty { throw OpeningHoursError("empty rule between ';' in '\(trimmed)'") }
            if rule.hasPrefix("PH") { continue }
            sawRule = true
            let (days, rest) = try Self.splitDays(rule)
            let times = try Self.parseTimes(rest, rule: rule)
            for day in days { perDay[day] = times }
        }
        guard sawRule else { throw OpeningHoursError("no weekly rule in '\(trimmed)'") }
        var week: [Range<Int>] = []
        for day in 0..<7 {
            for range in perDay[day] {
                let start = day * 1440 + range.lowerBound
                let end = day * 1440 + range.upperBound
                if end <= Self.minutesPerWeek {
                    week.append(start..<end)
                } else { // past Sunday midnight: wrap to Monday
                    week.append(start..<Self.minutesPerWeek)
                    week.append(0..<(end - Self.minutesPerWeek))
                }
            }
        }
        intervals = Self.merge(week)
    }

    /// Splits an optional leading weekday selector from the rest of a rule.
    private static func splitDays(_ rule: String) throws(OpeningHoursError) -> ([Int], String) {
        guard let first = rule.first, first.isLetter, !rule.hasPrefix("off"), !rule.hasPrefix("closed") else {
            return (Array(0..<7), rule)
        }
        let parts = rule.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        let selector = String(parts[0])
        let rest = parts.count > 1 ? String(parts[1]).trimmingSpacesAndTabs : ""
        var days: [Int] = []
        for item in selector.split(separator: ",", omittingEmptySubsequences: false) {
            let ends = item.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard ends.count == 1 || ends.count == 2,
                  let from = dayNames.firstIndex(of: ends[0]),
                  let to = dayNames.firstIndex(of: ends[ends.count - 1]) else {
                throw OpeningHoursError("unknown weekday selector '\(item)' in '\(rule)' (use Mo Tu We Th Fr Sa Su)")
            }
            var day = from
            while true {
                if !days.contains(day) { days.append(day) }
                if day == to { break }
                day = (day + 1) % 7
            }
        }
        guard !rest.isEmpty else { throw OpeningHoursError("weekdays '\(selector)' without times or 'off' in '\(rule)'") }
        return (days, rest)
    }

    /// Parses `08:00-12:00,13:00-17:00`, `off` or `closed` into minute ranges of one day.
    private static func parseTimes(_ text: String, rule: String) throws(OpeningHoursError) -> [Range<Int>] {
        if text == "off" || text == "closed" { return [] }
        var ranges: [Range<Int>] = []
        for span in text.split(separator: ",", omittingEmptySubsequences: false) {
            let ends = span.split(separator: "-", omittingEmptySubsequences: false).map { String($0).trimmingSpacesAndTabs }
            guard ends.count == 2, let start = minutes(ends[0]), let end = minutes(ends[1]) else {
                throw OpeningHoursError("bad time range '\(span)' in '\(rule)' (expected HH:MM-HH:MM)")
            }
            guard start < 1440, start != end else {
                throw OpeningHoursError("bad time range '\(span)' in '\(rule)'")
            }
            ranges.append(end > start ? start..<end : start..<(end + 1440))
        }
        return ranges
    }

    /// `HH:MM` to minutes after midnight, 00:00 ... 24:00.
    private static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let hours = Int(parts[0]), let minutes = Int(parts[1]),
              (0...24).contains(hours), (0..<60).contains(minutes), hours * 60 + minutes <= 1440 else { return nil }
        return hours * 60 + minutes
    }

    static func merge(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var merged: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where !range.isEmpty {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}

public struct OpeningHoursError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension String {
    var trimmingSpacesAndTabs: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
