import Model

/// Travel minutes for the listed (origin, destination) pairs of a matrix, as flat parallel
/// arrays in file order, possibly in several segments (one per parsing thread) so that the
/// loader never copies them. A pair that is not listed is absent: it is never 0 minutes and
/// never infinitely far, it simply takes no part in any sum.
///
/// Origins are cell indices (rows of the population table); destinations are site indices
/// (or cell indices for a cell → cell neighbours table).
public struct TravelPairs: Sendable {
    /// One contiguous run of pairs.
    public typealias Segment = PairColumns

    public private(set) var segments: [Segment]

    public init(segments: [Segment]) { self.segments = segments.filter { $0.count > 0 } }

    /// A single segment, mostly for hand-made cases.
    public init(origins: [Int32], destinations: [Int32], minutes: [Double]) {
        self.init(segments: [Segment(origins: origins, destinations: destinations, minutes: minutes)])
    }

    /// The pairs as (origin, destination, minutes) tuples, e.g. `[(0, 1, 5.0), ...]`.
    public init(_ pairs: [(Int, Int, Double)]) {
        self.init(origins: pairs.map { Int32($0.0) }, destinations: pairs.map { Int32($0.1) },
                  minutes: pairs.map { $0.2 })
    }

    public var count: Int { segments.reduce(0) { $0 + $1.count } }

    /// Calls `body(origin, destination, minutes)` for every pair in file order.
    @inlinable
    public func forEach(_ body: (Int, Int, Double) throws -> Void) rethrows {
        for segment in segments {
            try segment.origins.withUnsafeBufferPointer { o in
                try segment.destinations.withUnsafeBufferPointer { d in
                    try segment.minutes.withUnsafeBufferPointer { m in
                        for k in 0..<o.count { try body(Int(o[k]), Int(d[k]), m[k]) }
                    }
                }
            }
        }
    }
}
