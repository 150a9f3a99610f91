import Model

/// Where a node's out-edges and its snapped targets start in `CellRowLayout` (the node's
/// entries end where the next node's start), side by side so that settling a node reads one
/// cache line for both.
struct NodeStarts {
    var edge: Int32
    var target: Int32
}

/// An out-edge with its time, side by side (the CSR's `targets` and `seconds` are two arrays).
struct PackedEdge {
    var node: Int32
    var seconds: Float
}

/// A target point snapped to a node, with its walked snap leg beside it.
struct PackedTarget {
    var target: Int32
    var leg: Float
}

/// The graph and the snapped targets laid out for the searches that fill cell rows: per node
/// its edge and target starts in one array, each edge's node and time together, each target's
/// index and snap leg together. The same edges in the same order as the graph's CSR, so a
/// search on it relaxes, pushes and pops exactly as `RoadGraph.search` does.
struct CellRowLayout {
    let nodes: [NodeStarts]
    let edges: [PackedEdge]
    let targets: [PackedTarget]

    /// `targetPoints` in range of `graph` are listed at their node, in index order (a point
    /// that did not snap, node -1, is at no node).
    init(graph: RoadGraph, targetPoints: [SearchStart]) {
        let n = graph.nodeCount
        let snapped = targetPoints.indices.filter { targetPoints[$0].node >= 0 && Int(targetPoints[$0].node) < n }
        let byNode = CountingSort.order(keys: snapped.map { targetPoints[$0].node }, bucketCount: n)
        targets = byNode.order.map { k in PackedTarget(target: Int32(snapped[k]), leg: targetPoints[snapped[k]].seconds) }
        nodes = (0...n).map { v in NodeStarts(edge: graph.offsets[v], target: Int32(truncatingIfNeeded: byNode.offsets[v])) }
        edges = zip(graph.targets, graph.seconds).map { PackedEdge(node: $0, seconds: $1) }
    }
}

/// A search's reached (target, seconds) pairs in memory kept from search to search (one per
/// search workspace, one thread), then copied out by block of targets.
final class PairBuffer {
    private(set) var pairs: UnsafeMutablePointer<(target: Int32, seconds: Float)>
    private var capacity: Int
    private(set) var count = 0
    /// The same pairs grouped by block (`split`'s scratch).
    private var grouped: UnsafeMutablePointer<(target: Int32, seconds: Float)>

    init(capacity: Int = 4096) {
        self.capacity = capacity
        pairs = .allocate(capacity: capacity)
        grouped = .allocate(capacity: capacity)
    }

    deinit { pairs.deallocate(); grouped.deallocate() }

    func removeAll() { count = 0 }

    @inline(__always) func append(_ target: Int32, _ seconds: Float) {
        if count == capacity { grow() }
        (pairs + count).initialize(to: (target, seconds))
        count += 1
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<(target: Int32, seconds: Float)>.allocate(capacity: 2 * capacity)
        bigger.update(from: pairs, count: count)
        pairs.deallocate()
        grouped.deallocate()
        pairs = bigger
        grouped = .allocate(capacity: 2 * capacity)
        capacity *= 2
    }

    /// The pairs by block of targets (`target >> blockShift`, `blocks` of them), each block in
    /// the search's order and allocated to its size: `RoadGraph.split` of the same row.
    func split(blocks: Int, blockShift: Int) -> [[(target: Int32, seconds: Float)]] {
        var starts = [Int](repeating: 0, count: blocks + 1)
        for k in 0..<count { starts[Int(pairs[k].target) >> blockShift + 1] += 1 }
        for b in 0..<blocks { starts[b + 1] += starts[b] }
        var fill = starts
        for k in 0..<count {
            let b = Int(pairs[k].target) >> blockShift
            grouped[fill[b]] = pairs[k]
            fill[b] += 1
        }
        return (0..<blocks).map { b in Array(UnsafeBufferPointer(start: grouped + starts[b], count: starts[b + 1] - starts[b])) }
    }
}

extension RoadGraph {
    /// Hot kernel of the travel step: the search of `RoadGraph.search` from `start` (the same
    /// queue, keys and relaxations, so the same nodes settle with the same times in the same
    /// order) that, as each node settles, puts each of its targets whose time plus snap leg is
    /// within `cutoffSeconds` into `buffer` (emptied first). The plain version is `search` with
    /// a `visit` that looks the targets up (`searchRows`' reference; `CellRowSearchTests`).
    static func cellRow(_ layout: CellRowLayout, from start: SearchStart, cutoffSeconds cutoff: Float,
                        workspace: SearchWorkspace, buffer: PairBuffer) {
        precondition(workspace.nodeCount + 1 == layout.nodes.count, "workspace made for another graph")
        workspace.reset()
        buffer.removeAll()
        let queue = workspace.queue
        workspace.seed([start], cutoff: cutoff) { queue.insert($0) }
        var touchedCount = workspace.touchedCount
        defer { workspace.touchedCount = touchedCount }
        layout.nodes.withUnsafeBufferPointer { nodes in
        layout.edges.withUnsafeBufferPointer { edges in
        layout.targets.withUnsafeBufferPointer { targets in
        workspace.touched.withUnsafeMutableBufferPointer { touched in
        workspace.dist.withUnsafeMutableBufferPointer { dist in
            while let top = queue.popMin() {
                let d = Float(bitPattern: UInt32(truncatingIfNeeded: top >> 32))
                let vi = Int(Int32(bitPattern: UInt32(truncatingIfNeeded: top)))
                if d > dist[vi] { continue }  // a stale entry: the node was reached faster since
                let here = nodes[vi], next = nodes[vi + 1]
                for k in Int(here.target)..<Int(next.target) {
                    let total = d + targets[k].leg
                    if total <= cutoff { buffer.append(targets[k].target, total) }
                }
                for e in Int(here.edge)..<Int(next.edge) {
                    let edge = edges[e]
                    let w = Int(edge.node)
                    let nd = d + edge.seconds
                    if nd <= cutoff && nd < dist[w] {
                        if dist[w] == .infinity { touched[touchedCount] = edge.node; touchedCount += 1 }
                        dist[w] = nd
                        queue.insert(searchKey(nd, edge.node))
                    }
                }
            }
        }
        }
        }
        }
        }
    }
}
