/// Bounds on the counts and amounts the inputs give. Each is far beyond any real input, so that
/// nothing real is refused, and low enough that every later sum, loop and conversion to a whole
/// number stays finite and exact (a value past them would trap or run for ever).
public enum InputLimits {
    /// Service windows (counters) of one site. The largest civic service centres have a few
    /// hundred counters; queue figures loop over the windows.
    public static let windows: ClosedRange<Int> = 1...10_000

    /// Agents (video) or seats (hotline) of one channel: the largest call centres seat a few
    /// thousand.
    public static let channelStaff: ClosedRange<Int> = 1...100_000

    /// Residents of one cell (or one subdistrict's published total). More than everyone alive
    /// (about 8.1e9), so no real cell of any size is refused; the densest real places hold
    /// about 1e5 residents per hectare.
    public static let maxPopulation: Double = 1e10

    /// Travel speed of a mode, km/h: above a walking snail, below an airliner.
    public static let speedKmh: ClosedRange<Double> = 0.1...1000

    /// The message for a resident count above `maxPopulation`.
    public static func populationMessage(_ pop: Double) -> String {
        let text = pop == pop.rounded() && pop < 1e15 ? String(Int64(pop)) : "\(pop)"
        return "pop is \(text); at most 1e10 residents in one cell (more than everyone alive)"
    }
}
