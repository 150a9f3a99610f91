import HeapModule

extension RoadGraph {
    /// The plain bounded Dijkstra `search` is checked against: the same keys on
    /// swift-collections' binary (min-max) heap, the search every release before the radix
    /// heap used. Same contract as `search`: every node within `cutoffSeconds`, in order of
    /// time (ties by node number), `visit(node, seconds)` once each.
    public func referenceSearch(from starts: [SearchStart], cutoffSeconds: Float, workspace: SearchWorkspace,
                                recordPredecessors: Bool = false, visit: (Int32, Float) -> Void) {
        precondition(workspace.nodeCount == nodeCount, "workspace made for another graph")
        workspace.reset()
        workspace.predecessorsWritten = recordPredecessors
        var heap = Heap<UInt64>()
        swap(&heap, &workspace.heap)
        defer { swap(&heap, &workspace.heap) }
        workspace.seed(starts, cutoff: cutoffSeconds) { heap.insert($0) }
        while let top = heap.popMin() {
            let d = Float(bitPattern: UInt32(truncatingIfNeeded: top >> 32))
            let v = Int32(bitPattern: UInt32(truncatingIfNeeded: top))
            let vi = Int(v)
            if d > workspace.dist[vi] { continue }  // a stale entry: v was reached faster since
            visit(v, d)
            for e in Int(offsets[vi])..<Int(offsets[vi + 1]) {
                let w = Int(targets[e])
                let nd = d + seconds[e]
                if nd <= cutoffSeconds && nd < workspace.dist[w] {
                    if workspace.dist[w] == .infinity {
                        workspace.touched[workspace.touchedCount] = Int32(w)
                        workspace.touchedCount += 1
                    }
                    workspace.dist[w] = nd
                    if recordPredecessors { workspace.predecessor[w] = v }
                    heap.insert(searchKey(nd, Int32(w)))
                }
            }
        }
    }
}
