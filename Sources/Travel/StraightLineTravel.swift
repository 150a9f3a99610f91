import Model

/// Travel without a road network: straight-line distance × detour factor at the mode's speed,
/// between points in a metric CRS. A uniform bucket grid keeps it to the pairs within reach.
public enum StraightLineTravel {
    public static func compute(cells: [XY], sites: [XY], speedKmh: Double, detourFactor: Double,
                               cutoffMinutes: Double) -> SparseTravel {
        let metersPerMinute = speedKmh * 1000 / 60
        let radius = cutoffMinutes * metersPerMinute / detourFactor
        let index = BucketIndex(points: sites, bucketMeters: max(radius, 1))
        var rows: [[(column: Int32, value: Double)]] = []
        rows.reserveCapacity(cells.count)
        for cell in cells {
            var row: [(column: Int32, value: Double)] = []
            index.forEach(near: cell, within: radius) { j, meters in
                row.append((Int32(j), meters * detourFactor / metersPerMinute))
            }
            rows.append(row.sorted { $0.column < $1.column })
        }
        return SparseTravel(rows: rows, columnCount: sites.count)
    }
}

extension StraightLineTravel {
    /// Minutes from every cell to its nearest site (straight line × detour, as `compute`), with
    /// no cut-off; `.infinity` for every cell when there is no site.
    public static func nearestMinutes(cells: [XY], sites: [XY], speedKmh: Double, detourFactor: Double) -> [Double] {
        let metersPerMinute = speedKmh * 1000 / 60
        let index = BucketIndex(points: sites, bucketMeters: BucketIndex.spacing(of: sites))
        return cells.map { index.nearestMeters(to: $0) * detourFactor / metersPerMinute }
    }
}

/// Points in square buckets, for "every point within r of p" queries.
struct BucketIndex {
    let points: [XY]
    let bucketMeters: Double
    let originX: Double, originY: Double
    var buckets: [Int64: [Int]] = [:]
    /// The smallest and largest bucket indices holding a point; nil without points.
    var bucketRange: (minI: Int64, maxI: Int64, minJ: Int64, maxJ: Int64)?

    init(points: [XY], bucketMeters: Double) {
        self.points = points
        self.bucketMeters = bucketMeters
        originX = points.map(\.x).min() ?? 0
        originY = points.map(\.y).min() ?? 0
        for (n, p) in points.enumerated() {
            buckets[key(p), default: []].append(n)
            let (i, j) = cellOf(p)
            let known = bucketRange ?? (i, i, j, j)
            bucketRange = (min(known.minI, i), max(known.maxI, i), min(known.minJ, j), max(known.maxJ, j))
        }
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

extension BucketIndex {
    /// A bucket size giving about one point a bucket over the points' bounding box (≥ 1 m).
    static func spacing(of points: [XY]) -> Double {
        guard let minX = points.map(\.x).min(), let maxX = points.map(\.x).max(),
              let minY = points.map(\.y).min(), let maxY = points.map(\.y).max() else { return 1 }
        let w = maxX - minX, h = maxY - minY, n = Double(points.count)
        let side = w > 0 && h > 0 ? (w * h / n).squareRoot() : max(w, h) / n
        return side.isFinite ? max(side, 1) : 1
    }

    /// Metres from `p` to the nearest point (`.infinity` when there is none): buckets are
    /// visited in rings of growing Chebyshev distance from `p`'s bucket, only inside the points'
    /// bucket range; a point in ring r is more than (r − 1) buckets away, so the search stops
    /// once the best distance is within that.
    func nearestMeters(to p: XY) -> Double {
        guard let range = bucketRange else { return .infinity }
        let (ci, cj) = cellOf(p)
        let nearRing = max(0, range.minI - ci, ci - range.maxI, range.minJ - cj, cj - range.maxJ)
        let farRing = max(abs(ci - range.minI), abs(ci - range.maxI), abs(cj - range.minJ), abs(cj - range.maxJ))
        var best = Double.infinity
        func visit(_ i: Int64, _ j: Int64) {
            guard let members = buckets[(i << 32) ^ (j & 0xFFFF_FFFF)] else { return }
            for n in members {
                let dx = points[n].x - p.x, dy = points[n].y - p.y
                best = min(best, (dx * dx + dy * dy).squareRoot())
            }
        }
        var r = nearRing
        while r <= farRing {
            if r >= 1, best <= Double(r - 1) * bucketMeters { break }
            let lowJ = max(cj - r, range.minJ), highJ = min(cj + r, range.maxJ)
            let lowI = max(ci - r, range.minI), highI = min(ci + r, range.maxI)
            if lowJ <= highJ, lowI <= highI {
                for j in lowJ...highJ {
                    if j == cj - r || j == cj + r {
                        for i in lowI...highI { visit(i, j) }
                    } else {
                        if ci - r >= range.minI { visit(ci - r, j) }
                        if r > 0, ci + r <= range.maxI { visit(ci + r, j) }
                    }
                }
            }
            r += 1
        }
        return best
    }
}
