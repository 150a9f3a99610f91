import Dispatch
import Foundation
import Model

/// A point attached to the graph: its nearest node and the straight distance to it.
public struct Snap: Sendable, Hashable {
    public var node: Int32
    public var meters: Double
    public init(node: Int32, meters: Double) { self.node = node; self.meters = meters }

    /// The snap leg as a search start: the distance walked at `walkKmh`.
    public func start(walkKmh: Double) -> SearchStart {
        SearchStart(node: node, seconds: Float(meters / (walkKmh / 3.6)))
    }
}

/// Snapping of many points: one entry per point, nil where no node is within the limit. The
/// indices of those points are listed, never dropped.
public struct SnapResult: Sendable, Hashable {
    public var snaps: [Snap?]
    public var unsnapped: [Int] { snaps.indices.filter { snaps[$0] == nil } }
}

/// A uniform grid over the graph's nodes for nearest-node queries. Geographic coordinates are
/// bucketed in a local equirectangular projection (metres, scaled at the nodes' mean latitude);
/// candidate distances are then measured exactly in the graph's metric.
public struct SnapIndex: Sendable {
    public let space: CoordinateSpace
    let points: [XY]
    let originX: Double, originY: Double
    let scaleX: Double, scaleY: Double     // metres per coordinate unit
    let cellMeters: Double
    let columns: Int, rows: Int
    let cellStart: [Int32]                 // CSR: nodes of cell c are cellNodes[cellStart[c]..<cellStart[c+1]]
    let cellNodes: [Int32]
    /// Geographic: the cosine of each node's latitude, as the haversine formula computes it.
    let cosLatitudes: [Double]

    /// Builds the index for `graph`'s nodes (about four nodes a cell on average).
    public init(graph: RoadGraph) {
        self.init(points: graph.points, space: graph.space)
    }

    public init(points: [XY], space: CoordinateSpace) {
        self.space = space
        self.points = points
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        var sumY = 0.0
        for p in points { minX = min(minX, p.x); maxX = max(maxX, p.x); minY = min(minY, p.y); maxY = max(maxY, p.y); sumY += p.y }
        if points.isEmpty { minX = 0; minY = 0; maxX = 0; maxY = 0 }
        switch space {
        case .geographic:
            let metersPerDegree = Geodesy.earthRadiusMeters * Double.pi / 180
            let meanLat = points.isEmpty ? 0 : sumY / Double(points.count)
            scaleY = metersPerDegree
            scaleX = metersPerDegree * max(cos(meanLat * Double.pi / 180), 0.01)
        case .planar:
            scaleX = 1; scaleY = 1
        }
        originX = minX; originY = minY
        let width = (maxX - minX) * scaleX, height = (maxY - minY) * scaleY
        let area = max(width * height, 1)
        let cell = max((area * 4 / Double(max(points.count, 1))).squareRoot(), 1)
        // Not more cells than four times the nodes, however elongated the extent.
        var cellMeters = cell
        while (width / cellMeters + 1) * (height / cellMeters + 1) > Double(4 * max(points.count, 1)) + 4 { cellMeters *= 1.5 }
        self.cellMeters = cellMeters
        columns = Int(width / cellMeters) + 1
        rows = Int(height / cellMeters) + 1
        var cellOf = [Int32](repeating: 0, count: points.count)
        for (i, p) in points.enumerated() {
            let cx = min(columns - 1, max(0, Int((p.x - minX) * scaleX / cellMeters)))
            let cy = min(rows - 1, max(0, Int((p.y - minY) * scaleY / cellMeters)))
            cellOf[i] = Int32(cy * columns + cx)
        }
        let byCell = CountingSort.order(keys: cellOf, bucketCount: columns * rows)
        cellStart = byCell.offsets.map { Int32($0) }
        cellNodes = byCell.order.map { Int32($0) }
        cosLatitudes = space == .geographic ? points.map { cos($0.y * (Double.pi / 180)) } : []
    }

    /// The nearest node within `maxMeters` (ties: the lower node number), or nil.
    public func nearest(_ p: XY, maxMeters: Double) -> Snap? {
        guard !points.isEmpty, maxMeters >= 0 else { return nil }
        let fx = (p.x - originX) * scaleX / cellMeters
        let fy = (p.y - originY) * scaleY / cellMeters
        guard fx.isFinite, fy.isFinite else { return nil }
        // The projection is exact only at the mean latitude: search 2% beyond the limit.
        let slack = 1.02
        let reach = maxMeters * slack / cellMeters
        guard fx > -reach - 1, fy > -reach - 1, fx < Double(columns) + reach + 1, fy < Double(rows) + reach + 1 else { return nil }
        let cx = Int(fx.rounded(.down)), cy = Int(fy.rounded(.down))
        var best: Snap? = nil
        var distance = Distances(from: p, index: self)
        let maxRing = Int(reach.rounded(.up)) + 1
        var ring = 0
        while ring <= maxRing {
            // Cells at Chebyshev distance `ring` lie at least (ring - 1) cells away.
            if ring >= 2 {
                let floor = Double(ring - 1) * cellMeters / slack
                if floor > (best?.meters ?? maxMeters) { break }
            }
            for y in (cy - ring)...(cy + ring) where y >= 0 && y < rows {
                let onEdgeRow = y == cy - ring || y == cy + ring
                var x = cx - ring
                while x <= cx + ring {
                    if x >= 0 && x < columns {
                        let c = y * columns + x
                        for k in Int(cellStart[c])..<Int(cellStart[c + 1]) {
                            let v = cellNodes[k]
                            guard let d = distance.meters(to: v, within: best?.meters ?? maxMeters) else { continue }
                            guard d <= maxMeters else { continue }
                            if let b = best, d > b.meters || (d == b.meters && v > b.node) { continue }
                            best = Snap(node: v, meters: d)
                        }
                    }
                    x += (onEdgeRow || ring == 0) ? 1 : 2 * ring
                }
            }
            ring += 1
        }
        return best
    }

    /// Snaps every point; points beyond `maxMeters` of any node get nil (listed in `unsnapped`).
    /// `threads` share the points; each snap depends on its point only, so the result is the
    /// same for any count.
    public func snap(_ points: [XY], maxMeters: Double, threads: Int = 1) -> SnapResult {
        let chunk = 4096
        let chunks = (points.count + chunk - 1) / chunk
        guard threads > 1, chunks > 1 else { return SnapResult(snaps: points.map { nearest($0, maxMeters: maxMeters) }) }
        let snaps = [Snap?](unsafeUninitializedCapacity: points.count) { buffer, initialized in
            guard let start = buffer.baseAddress else { return }
            let base = UncheckedSendable(start)
            let workers = min(threads, chunks)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for c in stride(from: worker, to: chunks, by: workers) {
                    for i in c * chunk..<min(points.count, (c + 1) * chunk) {
                        (base.value + i).initialize(to: nearest(points[i], maxMeters: maxMeters))
                    }
                }
            }
            initialized = points.count
        }
        return SnapResult(snaps: snaps)
    }

    /// Distances from one point to the index's nodes, in the graph's metric, bit for bit as
    /// `CoordinateSpace.meters` gives them; geographic ones skip the arc sine of nodes whose
    /// haversine term shows them beyond a limit.
    struct Distances {
        let p: XY
        let index: SnapIndex
        let cosLatitude: Double
        /// The haversine term of the last limit asked for, that limit, and the half latitude
        /// difference beyond which the term alone passes it.
        var limitMeters = -1.0
        var limitTerm = 0.0
        var limitHalfAngle = 0.0
        static let toRadians = Double.pi / 180

        init(from p: XY, index: SnapIndex) {
            self.p = p; self.index = index
            cosLatitude = cos(p.y * Self.toRadians)
        }

        /// The distance to node `v`, or nil when it is certainly more than `limit` metres.
        @inline(__always)
        mutating func meters(to v: Int32, within limit: Double) -> Double? {
            let q = index.points[Int(v)]
            guard index.space == .geographic else { return index.space.meters(p, q) }
            let dPhi = q.y * Self.toRadians - p.y * Self.toRadians, dLambda = (q.x - p.x) * Self.toRadians
            // The arc sine is monotone: a term clearly above the limit's is a longer distance
            // (limits below 1,000 km, where the half angle is far from the sine's maximum). The
            // term is at least sin²(dPhi / 2), so a latitude difference past the limit's half
            // angle (with a margin far above rounding) needs no sine at all.
            let bounded = limit < 1e6
            if bounded {
                if limit != limitMeters {
                    let s = sin(limit / (2 * Geodesy.earthRadiusMeters))
                    limitMeters = limit; limitTerm = s * s
                    limitHalfAngle = asin((limitTerm * (1 + 1e-9)).squareRoot())
                }
                if abs(dPhi) / 2 > limitHalfAngle * (1 + 1e-7) { return nil }
            }
            let s1 = sin(dPhi / 2), s2 = sin(dLambda / 2)
            let h = s1 * s1 + cosLatitude * index.cosLatitudes[Int(v)] * s2 * s2
            if bounded && h > limitTerm * (1 + 1e-9) { return nil }
            return 2 * Geodesy.earthRadiusMeters * asin(min(1, h.squareRoot()))
        }
    }
}

/// A value handed to concurrent workers that each touch only their own part of it.
struct UncheckedSendable<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
