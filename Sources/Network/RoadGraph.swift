import Model

/// One road way as the graph builder takes it: its nodes (with the ids that join ways at
/// shared nodes), their coordinates, a speed and the directions one may travel.
public struct RoadWayInput: Sendable, Hashable {
    /// Ids that identify a node across ways (OSM node ids).
    public var nodeIDs: [Int64]
    /// One point per node id, in the graph's coordinate space.
    public var points: [XY]
    public var speedKmh: Double
    /// Travel from the first node towards the last is allowed.
    public var forward: Bool
    /// Travel from the last node towards the first is allowed.
    public var backward: Bool
    /// Per segment (node k to k + 1), the time on it relative to its length at `speedKmh`,
    /// travelled forward and backward (terrain: uphill slower than down); empty: 1 throughout.
    public var forwardTimeFactors: [Float]
    public var backwardTimeFactors: [Float]

    public init(nodeIDs: [Int64], points: [XY], speedKmh: Double, forward: Bool = true, backward: Bool = true,
                forwardTimeFactors: [Float] = [], backwardTimeFactors: [Float] = []) {
        self.nodeIDs = nodeIDs; self.points = points; self.speedKmh = speedKmh
        self.forward = forward; self.backward = backward
        self.forwardTimeFactors = forwardTimeFactors; self.backwardTimeFactors = backwardTimeFactors
    }

    /// A way the graph takes: two nodes or more, a point each, usable time factors, a positive
    /// finite speed and at least one direction.
    var isUsable: Bool {
        nodeIDs.count >= 2 && nodeIDs.count == points.count && hasUsableFactors && speedKmh > 0 && speedKmh.isFinite
            && (forward || backward)
    }

    /// The factors are absent or one finite positive value per segment.
    var hasUsableFactors: Bool {
        [forwardTimeFactors, backwardTimeFactors].allSatisfy { f in
            f.isEmpty || (f.count == nodeIDs.count - 1 && f.allSatisfy { $0 > 0 && $0.isFinite })
        }
    }

    /// Seconds on segment `k` (of `meters`) in each direction.
    func seconds(segment k: Int, meters: Double) -> (forward: Float, backward: Float) {
        let flat = meters / (speedKmh / 3.6)
        return (Float(flat * Double(forwardTimeFactors.isEmpty ? 1 : forwardTimeFactors[k])),
                Float(flat * Double(backwardTimeFactors.isEmpty ? 1 : backwardTimeFactors[k])))
    }
}

/// Which connected part of the network to keep.
public enum ComponentRule: Sendable, Hashable {
    /// The largest strongly connected component: every kept node can reach every other one.
    /// Right for one-way driving; for two-way graphs it equals the largest weak component.
    case largestStrong
    /// Keep every node.
    case all
}

/// What building a graph did: sizes, the OSM-style topology (for cross-checks with tools that
/// split ways only at junctions), and what the component rule dropped.
public struct GraphBuildReport: Sendable, Hashable {
    /// Ways given (with at least two nodes and a positive speed).
    public var wayCount = 0
    /// Distinct nodes of those ways.
    public var nodeCountBeforePruning = 0
    /// Directed edges before pruning (after merging parallel edges).
    public var edgeCountBeforePruning = 0
    /// Nodes that are a way's end or shared by several ways (or met twice by one way): the
    /// graph nodes of a junction-to-junction network such as spatialite_osm_net's.
    public var junctionCount = 0
    /// Way pieces between junctions: the arcs of a junction-to-junction network.
    public var arcCount = 0
    /// Total length of the ways, metres (each way counted once, whatever its directions).
    public var wayLengthMeters = 0.0
    /// Weakly or strongly connected components found (by the rule's kind).
    public var componentCount = 0
    public var droppedNodeCount = 0
    public var droppedEdgeCount = 0

    public init() {}
}

/// A directed road graph in compressed sparse row form: the out-edges of node `v` are
/// `targets[offsets[v]..<offsets[v+1]]` with travel times `seconds[...]`.
///
/// Travel times are `Float` seconds: half the memory of `Double` in the arrays every search
/// walks, and a Float keeps about 7 significant digits (0.25 ms on an hour), far below what a
/// travel time in minutes needs. Searches add them in `Float` in a fixed order, so results are
/// reproducible bit for bit.
public struct RoadGraph: Sendable {
    public let space: CoordinateSpace
    /// Node coordinates, in `space`.
    public let points: [XY]
    /// The input id of each node (OSM node id), or empty for graphs built from raw arrays.
    public let nodeIDs: [Int64]
    public let offsets: [Int32]
    public let targets: [Int32]
    public let seconds: [Float]
    /// Every edge has its reverse with the same time (walking, biking): searches towards a
    /// node need no reversed graph.
    public let isSymmetric: Bool

    public var nodeCount: Int { points.count }
    public var edgeCount: Int { targets.count }

    /// A graph from CSR arrays as they are (checked for consistency: sizes, offsets rising,
    /// targets in range, times finite and not negative); nil when they are inconsistent.
    /// `isSymmetric` false keeps the graph one-way for searches (as `build` marks a graph with a
    /// one-way way) even when every edge happens to have its reverse; nil finds out.
    public init?(space: CoordinateSpace, points: [XY], nodeIDs: [Int64] = [], offsets: [Int32], targets: [Int32],
                 seconds: [Float], isSymmetric: Bool? = nil) {
        guard offsets.count == points.count + 1, offsets.first == 0, Int(offsets.last ?? -1) == targets.count,
              seconds.count == targets.count, nodeIDs.isEmpty || nodeIDs.count == points.count else { return nil }
        for i in 0..<points.count where offsets[i] > offsets[i + 1] { return nil }
        let n = Int32(points.count)
        for t in targets where t < 0 || t >= n { return nil }
        for s in seconds where !(s >= 0 && s.isFinite) { return nil }
        self.init(unchecked: space, points: points, nodeIDs: nodeIDs, offsets: offsets, targets: targets,
                  seconds: seconds,
                  isSymmetric: isSymmetric != false && Self.checkSymmetric(offsets: offsets, targets: targets, seconds: seconds))
    }

    init(unchecked space: CoordinateSpace, points: [XY], nodeIDs: [Int64], offsets: [Int32], targets: [Int32],
         seconds: [Float], isSymmetric: Bool) {
        self.space = space; self.points = points; self.nodeIDs = nodeIDs
        self.offsets = offsets; self.targets = targets; self.seconds = seconds; self.isSymmetric = isSymmetric
    }

    /// A graph from a directed edge list (parallel edges merged to the fastest, self-loops
    /// dropped), with no pruning. Edges keep their list order within each source node.
    public static func fromEdges(space: CoordinateSpace, points: [XY], edges: [(from: Int32, to: Int32, seconds: Float)]) -> RoadGraph? {
        let n = points.count
        for e in edges where e.from < 0 || Int(e.from) >= n || e.to < 0 || Int(e.to) >= n || !(e.seconds >= 0 && e.seconds.isFinite) {
            return nil
        }
        let csr = Self.compress(nodeCount: n, froms: edges.map(\.from), tos: edges.map(\.to), times: edges.map(\.seconds))
        return RoadGraph(unchecked: space, points: points, nodeIDs: [], offsets: csr.offsets, targets: csr.targets,
                         seconds: csr.seconds,
                         isSymmetric: checkSymmetric(offsets: csr.offsets, targets: csr.targets, seconds: csr.seconds))
    }

    /// Builds the graph of `ways`: every node of every way is a graph node (so that points snap
    /// to the road where it is, not only at junctions), joined to its neighbours along the way
    /// by edges whose time is the segment's length (`space`'s metric) over the way's speed.
    /// Node numbers follow first appearance in `ways`, so the same ways give the same graph.
    public static func build(ways: [RoadWayInput], space: CoordinateSpace = .geographic,
                             keep rule: ComponentRule = .largestStrong) -> (graph: RoadGraph, report: GraphBuildReport) {
        var report = GraphBuildReport()
        let ways = ways.filter(\.isUsable)
        report.wayCount = ways.count
        let symmetric = ways.allSatisfy { $0.forward && $0.backward && $0.forwardTimeFactors == $0.backwardTimeFactors }
        var references: [Int64] = []
        references.reserveCapacity(ways.reduce(0) { $0 + $1.nodeIDs.count })
        for way in ways { references.append(contentsOf: way.nodeIDs) }
        let numbering = NodeNumbering(ids: references)
        let node = numbering.nodeOfReference
        let edges = edgeList(ways, node: node, nodeCount: numbering.nodeCount, space: space, report: &report)
        report.junctionCount = edges.useCount.reduce(0) { $0 + ($1 >= 2 ? 1 : 0) }
        // Junction topology: a way is cut into arcs at its inner nodes that are junctions.
        var r = 0
        for way in ways {
            report.arcCount += 1
            for k in 1..<(way.nodeIDs.count - 1) where edges.useCount[Int(node[r + k])] >= 2 { report.arcCount += 1 }
            r += way.nodeIDs.count
        }
        let n = edges.points.count
        let csr = compress(nodeCount: n, froms: edges.froms, tos: edges.tos, times: edges.times)
        report.nodeCountBeforePruning = n
        report.edgeCountBeforePruning = csr.targets.count
        let full = RoadGraph(unchecked: space, points: edges.points, nodeIDs: edges.ids, offsets: csr.offsets,
                             targets: csr.targets, seconds: csr.seconds, isSymmetric: symmetric)
        switch rule {
        case .all:
            report.componentCount = full.weakComponentCount()
            return (full, report)
        case .largestStrong:
            return (full.largestStrongComponent(report: &report), report)
        }
    }

    /// The nodes (point and id of each at its first appearance) and the directed edges of the
    /// usable `ways`, whose references are numbered `node`; how often each node is used (a way
    /// end counts 2, an inner node 1, saturating at 200); the ways' length into `report`. In
    /// geographic space each node's latitude cosine is computed once, not once per segment.
    static func edgeList(_ ways: [RoadWayInput], node: [Int32], nodeCount: Int, space: CoordinateSpace,
                         report: inout GraphBuildReport)
        -> (points: [XY], ids: [Int64], useCount: [UInt8], froms: [Int32], tos: [Int32], times: [Float]) {
        var points: [XY] = [], ids: [Int64] = []
        points.reserveCapacity(nodeCount); ids.reserveCapacity(nodeCount)
        var useCount = [UInt8](repeating: 0, count: nodeCount)
        let geographic = space == .geographic
        var cosLatitudes: [Double] = []
        if geographic { cosLatitudes.reserveCapacity(nodeCount) }
        var froms: [Int32] = [], tos: [Int32] = [], times: [Float] = []
        let edgeBound = 2 * (node.count - ways.count)
        froms.reserveCapacity(edgeBound); tos.reserveCapacity(edgeBound); times.reserveCapacity(edgeBound)
        var r = 0
        for way in ways {
            var previous: Int32 = -1
            let last = way.nodeIDs.count - 1
            for k in 0...last {
                let v = node[r + k]
                if Int(v) == points.count {
                    points.append(way.points[k]); ids.append(way.nodeIDs[k])
                    if geographic { cosLatitudes.append(Geodesy.cosLatitude(way.points[k])) }
                }
                let add: UInt8 = (k == 0 || k == last) ? 2 : 1
                useCount[Int(v)] = UInt8(min(Int(useCount[Int(v)]) + Int(add), 200))
                if previous >= 0 {
                    let a = Int(previous), b = Int(v)
                    let meters = geographic
                        ? Geodesy.haversineMeters(points[a], points[b], cosLatitudeA: cosLatitudes[a], cosLatitudeB: cosLatitudes[b])
                        : space.meters(points[a], points[b])
                    report.wayLengthMeters += meters
                    if previous != v {
                        let t = way.seconds(segment: k - 1, meters: meters)
                        if way.forward { froms.append(previous); tos.append(v); times.append(t.forward) }
                        if way.backward { froms.append(v); tos.append(previous); times.append(t.backward) }
                    }
                }
                previous = v
            }
            r += way.nodeIDs.count
        }
        return (points, ids, useCount, froms, tos, times)
    }

    /// The largest strongly connected component (on a tie the one holding the lowest-numbered
    /// node), with the count of components and what was dropped in `report`.
    func largestStrongComponent(report: inout GraphBuildReport) -> RoadGraph {
        let (component, count) = strongComponents()
        report.componentCount = count
        guard count > 1 else { return self }
        var sizes = [Int](repeating: 0, count: count)
        for c in component { sizes[Int(c)] += 1 }
        var best = Int32(-1)
        for c in component where best < 0 || sizes[Int(c)] > sizes[Int(best)] { best = c }
        let kept = subgraph(keeping: component.map { $0 == best })
        report.droppedNodeCount = nodeCount - kept.nodeCount
        report.droppedEdgeCount = edgeCount - kept.edgeCount
        return kept
    }

    /// CSR arrays from an edge list: stable by source node, parallel edges merged to the fastest,
    /// self-loops dropped. Each edge is placed at its source node's next slot (a counting sort
    /// that moves the targets and times themselves), then each node's edges are merged in place.
    static func compress(nodeCount n: Int, froms: [Int32], tos: [Int32], times: [Float])
        -> (offsets: [Int32], targets: [Int32], seconds: [Float]) {
        var start = [Int](repeating: 0, count: n + 1)
        for from in froms { start[Int(from) + 1] += 1 }
        for v in 0..<n { start[v + 1] += start[v] }
        var targets = [Int32](repeating: 0, count: froms.count), seconds = [Float](repeating: 0, count: froms.count)
        var next = start
        for e in froms.indices {
            let v = Int(froms[e])
            targets[next[v]] = tos[e]; seconds[next[v]] = times[e]
            next[v] += 1
        }
        var offsets = [Int32](repeating: 0, count: n + 1)
        let kept = targets.withUnsafeMutableBufferPointer { targets in
            seconds.withUnsafeMutableBufferPointer { seconds in
                mergeParallel(targets: targets, seconds: seconds, start: start, offsets: &offsets)
            }
        }
        targets.removeLast(targets.count - kept); seconds.removeLast(seconds.count - kept)
        return (offsets, targets, seconds)
    }

    /// Per node (edges `start[v]..<start[v + 1]`, in list order), self-loops dropped and a
    /// target met again merged into its first edge (the fastest time), the kept edges moved
    /// down to the front: `offsets` their CSR offsets; returns how many were kept.
    static func mergeParallel(targets: UnsafeMutableBufferPointer<Int32>, seconds: UnsafeMutableBufferPointer<Float>,
                              start: [Int], offsets: inout [Int32]) -> Int {
        var kept = 0
        for v in 0..<(start.count - 1) {
            let first = kept
            for e in start[v]..<start[v + 1] where targets[e] != Int32(v) {
                var duplicate = -1
                for k in first..<kept where targets[k] == targets[e] { duplicate = k; break }
                if duplicate >= 0 {
                    seconds[duplicate] = min(seconds[duplicate], seconds[e])
                } else {
                    targets[kept] = targets[e]; seconds[kept] = seconds[e]
                    kept += 1
                }
            }
            offsets[v + 1] = Int32(kept)
        }
        return kept
    }

    static func checkSymmetric(offsets: [Int32], targets: [Int32], seconds: [Float]) -> Bool {
        let n = offsets.count - 1
        for v in 0..<n {
            for e in Int(offsets[v])..<Int(offsets[v + 1]) {
                let w = Int(targets[e])
                var found = false
                for f in Int(offsets[w])..<Int(offsets[w + 1]) where targets[f] == Int32(v) && seconds[f] == seconds[e] {
                    found = true; break
                }
                if !found { return false }
            }
        }
        return true
    }

    /// The graph with every edge turned around (for searches towards a node).
    public func reversed() -> RoadGraph {
        if isSymmetric { return self }
        var froms: [Int32] = [], tos: [Int32] = [], times: [Float] = []
        froms.reserveCapacity(edgeCount); tos.reserveCapacity(edgeCount); times.reserveCapacity(edgeCount)
        for v in 0..<nodeCount {
            for e in Int(offsets[v])..<Int(offsets[v + 1]) {
                froms.append(targets[e]); tos.append(Int32(v)); times.append(seconds[e])
            }
        }
        let csr = Self.compress(nodeCount: nodeCount, froms: froms, tos: tos, times: times)
        return RoadGraph(unchecked: space, points: points, nodeIDs: nodeIDs, offsets: csr.offsets,
                         targets: csr.targets, seconds: csr.seconds, isSymmetric: false)
    }

    /// The graph restricted to the nodes marked true, renumbered in their old order.
    func subgraph(keeping keep: [Bool]) -> RoadGraph {
        var newIndex = [Int32](repeating: -1, count: nodeCount)
        var points: [XY] = [], ids: [Int64] = []
        for v in 0..<nodeCount where keep[v] {
            newIndex[v] = Int32(points.count)
            points.append(self.points[v])
            if !nodeIDs.isEmpty { ids.append(nodeIDs[v]) }
        }
        var offsets: [Int32] = [0], targets: [Int32] = [], seconds: [Float] = []
        for v in 0..<nodeCount where keep[v] {
            for e in Int(self.offsets[v])..<Int(self.offsets[v + 1]) where newIndex[Int(self.targets[e])] >= 0 {
                targets.append(newIndex[Int(self.targets[e])]); seconds.append(self.seconds[e])
            }
            offsets.append(Int32(targets.count))
        }
        return RoadGraph(unchecked: space, points: points, nodeIDs: ids, offsets: offsets, targets: targets,
                         seconds: seconds, isSymmetric: isSymmetric)
    }

    /// Strongly connected components (iterative Tarjan): the component of each node, numbered
    /// in the order Tarjan completes them, and their count.
    public func strongComponents() -> (component: [Int32], count: Int) {
        let n = nodeCount
        var indexOf = [Int32](repeating: -1, count: n)
        var low = [Int32](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var component = [Int32](repeating: -1, count: n)
        var stack: [Int32] = []
        var call: [(node: Int32, edge: Int32)] = []
        var counter: Int32 = 0
        var count: Int32 = 0
        for root in 0..<n where indexOf[root] < 0 {
            call.append((Int32(root), offsets[root]))
            indexOf[root] = counter; low[root] = counter; counter += 1
            stack.append(Int32(root)); onStack[root] = true
            while let (v, e) = call.last {
                let vi = Int(v)
                if e < offsets[vi + 1] {
                    call[call.count - 1].edge = e + 1
                    let w = Int(targets[Int(e)])
                    if indexOf[w] < 0 {
                        indexOf[w] = counter; low[w] = counter; counter += 1
                        stack.append(Int32(w)); onStack[w] = true
                        call.append((Int32(w), offsets[w]))
                    } else if onStack[w] {
                        low[vi] = min(low[vi], indexOf[w])
                    }
                } else {
                    call.removeLast()
                    if let parent = call.last { low[Int(parent.node)] = min(low[Int(parent.node)], low[vi]) }
                    if low[vi] == indexOf[vi] {
                        while let w = stack.popLast() {
                            onStack[Int(w)] = false
                            component[Int(w)] = count
                            if w == v { break }
                        }
                        count += 1
                    }
                }
            }
        }
        return (component, Int(count))
    }

    /// The number of weakly connected components (union-find over edges).
    public func weakComponentCount() -> Int {
        var parent = Array(0..<Int32(nodeCount))
        func find(_ x: Int32) -> Int32 {
            var x = x
            while parent[Int(x)] != x { parent[Int(x)] = parent[Int(parent[Int(x)])]; x = parent[Int(x)] }
            return x
        }
        for v in 0..<nodeCount {
            for e in Int(offsets[v])..<Int(offsets[v + 1]) {
                let a = find(Int32(v)), b = find(targets[e])
                if a != b { parent[Int(max(a, b))] = min(a, b) }
            }
        }
        var roots = 0
        for v in 0..<nodeCount where find(Int32(v)) == Int32(v) { roots += 1 }
        return roots
    }
}
