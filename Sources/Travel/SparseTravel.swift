import Model

/// One-way travel minutes from each cell (resident) to the sites it can reach within a cut-off,
/// as CSR arrays: the pairs of cell `c` are `offsets[c] ..< offsets[c + 1]`, sorted by site index.
/// Pairs beyond the cut-off are absent (never 0, never infinite).
public struct SparseTravel: Sendable, Equatable {
    public var cellCount: Int
    public var siteCount: Int
    public var offsets: [Int]
    public var site: [Int32]
    public var minutes: [Double]

    public init(cellCount: Int, siteCount: Int, offsets: [Int], site: [Int32], minutes: [Double]) {
        self.cellCount = cellCount; self.siteCount = siteCount
        self.offsets = offsets; self.site = site; self.minutes = minutes
    }

    public var pairCount: Int { site.count }

    /// The pairs of one cell.
    public func pairs(ofCell cell: Int) -> Range<Int> { offsets[cell]..<offsets[cell + 1] }

    /// Minutes from `cell` to the nearest of the sites for which `include` holds, or nil.
    public func nearestMinutes(fromCell cell: Int, where include: (Int) -> Bool) -> Double? {
        var best: Double? = nil
        for k in pairs(ofCell: cell) where include(Int(site[k])) {
            if let current = best, current <= minutes[k] { continue }
            best = minutes[k]
        }
        return best
    }

    /// Builds the CSR arrays from per-cell lists (each sorted here by site index).
    public static func fromRows(_ rows: [[(site: Int32, minutes: Double)]], siteCount: Int) -> SparseTravel {
        var offsets = [0]
        offsets.reserveCapacity(rows.count + 1)
        var sites: [Int32] = [], minutes: [Double] = []
        for row in rows {
            for pair in row.sorted(by: { $0.site < $1.site }) {
                sites.append(pair.site)
                minutes.append(pair.minutes)
            }
            offsets.append(sites.count)
        }
        return SparseTravel(cellCount: rows.count, siteCount: siteCount, offsets: offsets, site: sites, minutes: minutes)
    }
}

/// Travel without a road network: straight-line distance × detour factor at the mode's speed,
/// between points in a metric CRS. A uniform bucket grid keeps it to the pairs within reach.
public enum StraightLineTravel {
    public static func compute(cells: [XY], sites: [XY], speedKmh: Double, detourFactor: Double,
                               cutoffMinutes: Double) -> SparseTravel {
        let metersPerMinute = speedKmh * 1000 / 60
        let radius = cutoffMinutes * metersPerMinute / detourFactor
        let index = BucketIndex(points: sites, bucketMeters: max(radius, 1))
        var rows: [[(site: Int32, minutes: Double)]] = []
        rows.reserveCapacity(cells.count)
        for cell in cells {
            var row: [(site: Int32, minutes: Double)] = []
            index.forEach(near: cell, within: radius) { j, meters in
                row.append((Int32(j), meters * detourFactor / metersPerMinute))
            }
            rows.append(row)
        }
        return SparseTravel.fromRows(rows, siteCount: sites.count)
    }
}

/// Points in square buckets, for "every point within r of p" queries.
struct BucketIndex {
    let points: [XY]
    let bucketMeters: Double
    let originX: Double, originY: Double
    var buckets: [Int64: [Int]] = [:]

    init(points: [XY], bucketMeters: Double) {
        self.points = points
        self.bucketMeters = bucketMeters
        originX = points.map(\.x).min() ?? 0
        originY = points.map(\.y).min() ?? 0
        for (n, p) in points.enumerated() { buckets[key(p), default: []].append(n) }
    }

    func cellOf(_ p: XY) -> (Int64, Int64) {
        (Int64(((p.x - originX) / bucketMeters).rounded(.down)), Int64(((p.y - originY) / bucketMeters).rounded(.down)))
    }

    func key(_ p: XY) -> Int64 { let (i, j) = cellOf(p); return (i << 32) ^ (j & 0xFFFF_FFFF) }

    /// Calls `body(index, meters)` for every point within `radius`, in index order per bucket.
    func forEach(near p: XY, within radius: Double, _ body: (Int, Double) -> Void) {
        let (ci, cj) = cellOf(p)
        let reach = Int64((radius / bucketMeters).rounded(.up))
        for j in (cj - reach)...(cj + reach) {
            for i in (ci - reach)...(ci + reach) {
                guard let members = buckets[(i << 32) ^ (j & 0xFFFF_FFFF)] else { continue }
                for n in members {
                    let dx = points[n].x - p.x, dy = points[n].y - p.y
                    let d = (dx * dx + dy * dy).squareRoot()
                    if d <= radius { body(n, d) }
                }
            }
        }
    }
}
