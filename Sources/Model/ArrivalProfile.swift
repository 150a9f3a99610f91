/// When in the week residents arrive at a site or call a channel: relative weights per hour of
/// the day (24, hour 0 = 00:00–01:00) and per day of the week (7, Monday first), and the share
/// of arrivals booked by appointment, which are spread evenly over the open minutes and so
/// flatten the peak. Weights are relative (only their ratios matter); arrivals fall only in
/// minutes the site is open inside the activity window.
public struct ArrivalProfile: Sendable, Hashable, Codable {
    public var hourWeights: [Double]
    public var dayWeights: [Double]
    public var appointmentShare: Double

    public init(hourWeights: [Double] = Array(repeating: 1, count: 24), dayWeights: [Double] = Array(repeating: 1, count: 7),
                appointmentShare: Double = 0) {
        self.hourWeights = hourWeights; self.dayWeights = dayWeights; self.appointmentShare = appointmentShare
    }

    /// Whether the weights and share are usable: 24 and 7 finite weights ≥ 0 (some > 0), a share in 0...1.
    public var isValid: Bool {
        func fine(_ w: [Double], _ n: Int) -> Bool { w.count == n && w.allSatisfy { $0.isFinite && $0 >= 0 } && w.contains { $0 > 0 } }
        return fine(hourWeights, 24) && fine(dayWeights, 7) && (0...1).contains(appointmentShare)
    }
}
