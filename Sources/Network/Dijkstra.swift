import HeapModule

/// Where a search starts: a graph node and the time already spent to reach it (the walked
/// snap leg from the real point to the node).
public struct SearchStart: Sendable, Hashable {
    public var node: Int32
    public var seconds: Float
    public init(node: Int32, seconds: Float = 0) { self.node = node; self.seconds = seconds }
}

/// The scratch memory of one search, reused from search to search: a time per node (reset
/// through the list of touched nodes, not by refilling the whole array), the touched list and
/// the queue's storage. One per thread; never shared.
public final class SearchWorkspace {
    public let nodeCount: Int
    var dist: [Float]
    /// Made on first use: only path and nearest-source searches write predecessors, and the
    /// array is 4 bytes a node per thread.
    lazy var predecessor = [Int32](repeating: -1, count: nodeCount)
    /// The nodes whose time is set, `touched[0..<touchedCount]` (each node at most once).
    var touched: [Int32]
    var touchedCount = 0
    let queue = SearchQueue()
    /// The reference search's queue (`referenceSearch`).
    var heap = Heap<UInt64>()
    /// The cell-row searches' pairs (`RoadGraph.cellRow`), made on first use.
    lazy var pairBuffer = PairBuffer()

    public init(nodeCount: Int) {
        self.nodeCount = nodeCount
        dist = [Float](repeating: .infinity, count: nodeCount)
        touched = [Int32](repeating: 0, count: nodeCount)
    }

    /// Whether the last search wrote predecessors (only path and nearest-source searches do).
    var predecessorsWritten = false

    func reset() {
        let count = touchedCount
        touched.withUnsafeBufferPointer { touched in
            dist.withUnsafeMutableBufferPointer { dist in
                for v in touched[0..<count] { dist[Int(v)] = .infinity }
            }
            if predecessorsWritten {
                predecessor.withUnsafeMutableBufferPointer { predecessor in
                    for v in touched[0..<count] { predecessor[Int(v)] = -1 }
                }
            }
        }
        predecessorsWritten = false
        touchedCount = 0
        queue.removeAll()
        while heap.popMin() != nil {}
    }

    /// Sets the times of the valid starts (in range, not negative, within `cutoff`; the
    /// fastest where a node is given twice) and tells `enqueue` each node and time set.
    func seed(_ starts: [SearchStart], cutoff: Float, enqueue: (UInt64) -> Void) {
        for start in starts where start.node >= 0 && Int(start.node) < nodeCount && start.seconds >= 0 && start.seconds <= cutoff {
            let v = Int(start.node)
            // + 0 turns a start at -0 into +0, whose bits order like the number.
            let seconds = start.seconds + 0
            if seconds < dist[v] {
                if dist[v] == .infinity { touched[touchedCount] = start.node; touchedCount += 1 }
                dist[v] = seconds
                enqueue(searchKey(seconds, start.node))
            }
        }
    }
}

/// Queue key: the time's bits above the node number. For times >= 0 the bits of a Float order
/// like the numbers, so one integer comparison orders by time, then by node (a fixed tie-break).
@inline(__always) func searchKey(_ seconds: Float, _ node: Int32) -> UInt64 {
    UInt64(seconds.bitPattern) << 32 | UInt64(UInt32(bitPattern: node))
}

extension RoadGraph {
    /// Bounded Dijkstra: settles every node reachable from `starts` within `cutoffSeconds`
    /// (inclusive), in order of time (ties by node number), and calls `visit(node, seconds)`
    /// once for each. `workspace` must have this graph's node count; it is reset first.
    /// Out-of-range start nodes are ignored. `visit` must not start a search on the same workspace.
    /// The queue is a 4-ary heap in raw memory (`SearchQueue`); `referenceSearch` is the same search on a
    /// min-max heap, visiting the same nodes with the same times in the same order.
    public func search(from starts: [SearchStart], cutoffSeconds: Float, workspace: SearchWorkspace,
                       recordPredecessors: Bool = false, visit: (Int32, Float) -> Void) {
        precondition(workspace.nodeCount == nodeCount, "workspace made for another graph")
        workspace.reset()
        workspace.predecessorsWritten = recordPredecessors
        let cutoff = cutoffSeconds
        let queue = workspace.queue
        workspace.seed(starts, cutoff: cutoff) { queue.insert($0) }
        var touchedCount = workspace.touchedCount
        defer { workspace.touchedCount = touchedCount }
        offsets.withUnsafeBufferPointer { off in
        targets.withUnsafeBufferPointer { tgt in
        seconds.withUnsafeBufferPointer { sec in
        workspace.touched.withUnsafeMutableBufferPointer { touched in
        workspace.dist.withUnsafeMutableBufferPointer { dist in
            while let top = queue.popMin() {
                let d = Float(bitPattern: UInt32(truncatingIfNeeded: top >> 32))
                let v = Int32(bitPattern: UInt32(truncatingIfNeeded: top))
                let vi = Int(v)
                if d > dist[vi] { continue }  // a stale entry: v was reached faster since
                visit(v, d)
                for e in Int(off[vi])..<Int(off[vi + 1]) {
                    let w = Int(tgt[e])
                    let nd = d + sec[e]
                    if nd <= cutoff && nd < dist[w] {
                        if dist[w] == .infinity { touched[touchedCount] = Int32(w); touchedCount += 1 }
                        dist[w] = nd
                        if recordPredecessors { workspace.predecessor[w] = v }
                        queue.insert(searchKey(nd, Int32(w)))
                    }
                }
            }
        }
        }
        }
        }
        }
    }

    /// Times from `starts` to every node (`.infinity` beyond `cutoffSeconds` or unreachable).
    /// Every node the search reaches is settled at the time it holds in the workspace, and
    /// every other node holds `.infinity`: the workspace's times are the result.
    public func times(from starts: [SearchStart], cutoffSeconds: Float = .infinity) -> [Float] {
        let workspace = SearchWorkspace(nodeCount: nodeCount)
        search(from: starts, cutoffSeconds: cutoffSeconds, workspace: workspace) { _, _ in }
        return workspace.dist
    }

    /// The fastest path between two nodes (its nodes, first to last, and its time), or nil when
    /// `to` cannot be reached. Times add up edge by edge in `Float` along the path.
    public func shortestPath(from: Int32, to: Int32) -> (nodes: [Int32], seconds: Float)? {
        let workspace = SearchWorkspace(nodeCount: nodeCount)
        var reached: Float? = nil
        search(from: [SearchStart(node: from)], cutoffSeconds: .infinity, workspace: workspace,
               recordPredecessors: true) { v, s in
            if v == to { reached = s }
        }
        guard let seconds = reached else { return nil }
        var nodes: [Int32] = [to]
        var v = to
        while v != from {
            v = workspace.predecessor[Int(v)]
            guard v >= 0 else { return nil }
            nodes.append(v)
        }
        return (nodes.reversed(), seconds)
    }

    /// The time of the edge `from -> to`, or nil when there is none.
    public func edgeSeconds(from: Int32, to: Int32) -> Float? {
        for e in Int(offsets[Int(from)])..<Int(offsets[Int(from) + 1]) where targets[e] == to { return seconds[e] }
        return nil
    }
}

/// Which way travel goes between sources (sites) and other points (residents).
public enum TravelDirection: Sendable, Hashable {
    /// From the source to the point.
    case fromSources
    /// From the point to the source (a resident going to a site): on a one-way network the
    /// search runs from the source over the reversed graph.
    case toSources
}

/// For every node, the time to (or from) the nearest of several sources and which one it is.
public struct NearestSources: Sendable {
    /// Seconds per node; `.infinity` when no source is within the cut-off.
    public var seconds: [Float]
    /// Index of the nearest source per node; -1 when none.
    public var source: [Int32]
}

extension RoadGraph {
    /// One multi-source search: for each node the nearest source (index into `sources`) and its
    /// time, within `cutoffSeconds`. On equal times the source settled first wins, which is
    /// fixed by the heap's (time, node) order, so results do not vary from run to run.
    public func nearestSources(_ sources: [SearchStart], cutoffSeconds: Float = .infinity,
                               direction: TravelDirection = .fromSources) -> NearestSources {
        let graph = direction == .toSources ? reversed() : self
        let workspace = SearchWorkspace(nodeCount: nodeCount)
        // Each start node remembers its best source; ties at a node go to the lower index.
        var startOwner: [Int32: (seconds: Float, source: Int32)] = [:]
        for (i, s) in sources.enumerated() where s.node >= 0 && Int(s.node) < nodeCount {
            if let known = startOwner[s.node], known.seconds <= s.seconds { continue }
            startOwner[s.node] = (s.seconds, Int32(i))
        }
        var seconds = [Float](repeating: .infinity, count: nodeCount)
        var owner = [Int32](repeating: -1, count: nodeCount)
        graph.search(from: sources, cutoffSeconds: cutoffSeconds, workspace: workspace, recordPredecessors: true) { v, s in
            seconds[Int(v)] = s
            let p = workspace.predecessor[Int(v)]
            owner[Int(v)] = p >= 0 ? owner[Int(p)] : (startOwner[v]?.source ?? -1)
        }
        return NearestSources(seconds: seconds, source: owner)
    }
}
