import Dispatch
import Foundation
import Model

/// Counts finished jobs across threads and tells an observer (a progress bar) every so often.
/// The count is only reported, never used in a result.
public final class SearchProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let every: Int
    private let report: @Sendable (Int) -> Void

    /// `report(done)` is called after every `every` finished jobs and after the last one.
    public init(every: Int = 50, _ report: @escaping @Sendable (Int) -> Void) {
        self.every = max(1, every)
        self.report = report
    }

    func finished(total: Int) {
        lock.lock()
        done += 1
        let now = done
        lock.unlock()
        if now % every == 0 || now == total { report(now) }
    }
}

/// Runs one job per source on a few threads, each thread with its own `SearchWorkspace`, and
/// returns the results in source order. Thread `t` takes sources t, t+T, t+2T, ...; a result
/// depends only on its source, so the output is identical for any thread count.
public enum ParallelSearch {
    public static func map<R: Sendable>(count: Int, threads: Int, nodeCount: Int, progress: SearchProgress? = nil,
                                        _ body: @Sendable (Int, SearchWorkspace) -> R) -> [R] {
        guard count > 0 else { return [] }
        let workers = max(1, min(threads, count))
        let slots = Slots<R>(count: count)
        defer { slots.free() }
        if workers == 1 {
            let workspace = SearchWorkspace(nodeCount: nodeCount)
            for i in 0..<count {
                slots.put(i, body(i, workspace))
                progress?.finished(total: count)
            }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let workspace = SearchWorkspace(nodeCount: nodeCount)
                var i = worker
                while i < count {
                    slots.put(i, body(i, workspace))
                    progress?.finished(total: count)
                    i += workers
                }
            }
        }
        return slots.collect()
    }
}

/// Result slots written by several threads, each slot by exactly one.
private final class Slots<R>: @unchecked Sendable {
    let base: UnsafeMutablePointer<R?>
    let count: Int
    init(count: Int) {
        self.count = count
        base = UnsafeMutablePointer<R?>.allocate(capacity: count)
        base.initialize(repeating: nil, count: count)
    }
    func put(_ i: Int, _ value: R) { base[i] = value }
    func collect() -> [R] { (0..<count).compactMap { base[$0] } }
    func free() { base.deinitialize(count: count); base.deallocate() }
}

extension RoadGraph {
    /// Travel times between sources (sites) and targets (residents' cells), each given as a
    /// snapped node with its walked snap leg. A pair is kept when snap leg + network time + snap
    /// leg <= `cutoffSeconds`. `.toSources` gives resident -> site times (on a one-way network,
    /// searched from the site over the reversed graph). Sources run in parallel on `threads`
    /// threads; the result does not depend on the thread count. A source or target whose node is
    /// out of range (-1 for a point that did not snap) gets no entries, but keeps its index.
    public func travelTimes(from sources: [SearchStart], to targetPoints: [SearchStart], cutoffSeconds: Float,
                            direction: TravelDirection = .fromSources, threads: Int = 2,
                            progress: SearchProgress? = nil) -> SparseTravelTimes {
        let graph = direction == .toSources ? reversed() : self
        return Self.sparseTimes(on: graph, from: sources, to: targetPoints, cutoffSeconds: cutoffSeconds, threads: threads,
                                progress: progress)
    }

    /// Sparse times over `graph` as given (already reversed when the caller wants that).
    static func sparseTimes(on graph: RoadGraph, from sources: [SearchStart], to targetPoints: [SearchStart],
                            cutoffSeconds: Float, threads: Int, progress: SearchProgress? = nil) -> SparseTravelTimes {
        let n = graph.nodeCount
        // Targets by node, in CSR form (a point that did not snap is in no node's list).
        let snapped = targetPoints.indices.filter { targetPoints[$0].node >= 0 && Int(targetPoints[$0].node) < n }
        let byNode = CountingSort.order(keys: snapped.map { targetPoints[$0].node }, bucketCount: n)
        let targetStart = byNode.offsets, targetsByNode = byNode.order.map { Int32(snapped[$0]) }
        let legs = targetPoints.map(\.seconds)
        let rows = ParallelSearch.map(count: sources.count, threads: threads, nodeCount: n, progress: progress) { s, workspace in
            var row: [(column: Int32, value: Float)] = []
            graph.search(from: [sources[s]], cutoffSeconds: cutoffSeconds, workspace: workspace) { v, d in
                for k in Int(targetStart[Int(v)])..<Int(targetStart[Int(v) + 1]) {
                    let t = targetsByNode[k]
                    let total = d + legs[Int(t)]
                    if total <= cutoffSeconds { row.append((t, total)) }
                }
            }
            row.sort { $0.column < $1.column }
            return row
        }
        return SparseTravelTimes(rows: rows, columnCount: targetPoints.count)
    }
}

extension RoadGraph {
    /// Target blocks of `timesByTarget`: the target rows are filled one block of targets at a
    /// time, and the searches' rows of a block released when it is done.
    static let targetBlocks = 16

    /// The same pairs as `sparseTimes`, laid out by target (row per target point, its sources
    /// by ascending source index) with `transform` applied to each time. Each search's row is
    /// kept split by block of targets (`targetBlocks` runs of consecutive target indices, with
    /// no spare capacity); the target rows are then filled a block at a time, each block's
    /// rows released (and their pages returned, `FreedMemory`) when it is done, so that the
    /// pairs are held about once (8 bytes a pair as searched, plus the blocks of the result
    /// filled so far), never as the searches' rows and the whole result at once. No row is
    /// sorted (sources are taken in index order). The blocks' targets are disjoint, so the
    /// counting and the filling take the blocks on `threads` threads: every slot gets the same
    /// value whatever the thread count.
    static func timesByTarget<T: Sendable>(on graph: RoadGraph, from sources: [SearchStart], to targetPoints: [SearchStart],
                                           cutoffSeconds: Float, threads: Int, progress: SearchProgress? = nil, blocks: Int = targetBlocks,
                                           transform: @Sendable (Float) -> T) -> SparseRows<T> {
        let shift = blockShift(targetCount: targetPoints.count, blocks: blocks)
        var byBlock = Self.byBlock(searchRows(on: graph, from: sources, to: targetPoints, cutoffSeconds: cutoffSeconds,
                                              threads: threads, progress: progress, blockShift: shift))
        let offsets = countsByTarget(byBlock, targetCount: targetPoints.count, threads: threads)
        let total = offsets[targetPoints.count]
        // Both filled by position, a block's slots (one run of each array) in its pass: pages of
        // blocks not yet taken are not touched before. Every slot is written once (the counts are exact).
        var values: [T] = []
        let columns = [Int32](unsafeUninitializedCapacity: total) { sourceOf, written in
            values = [T](unsafeUninitializedCapacity: total) { value, initialized in
                let sourceOf = UncheckedSendable(sourceOf.baseAddress), value = UncheckedSendable(value.baseAddress)
                byBlock.withUnsafeMutableBufferPointer { parts in
                    let parts = UncheckedSendable(parts)
                    forEachBlock(parts.value.count, threads: threads) { b in
                        var fill = Array(offsets[(b << shift)..<min(targetPoints.count, (b + 1) << shift)])
                        let first = b << shift
                        for (s, part) in parts.value[b].enumerated() {
                            for entry in part {
                                let t = Int(entry.target) - first, slot = fill[t]
                                (sourceOf.value! + slot).initialize(to: Int32(s))
                                (value.value! + slot).initialize(to: transform(entry.seconds))
                                fill[t] = slot + 1
                            }
                        }
                        parts.value[b] = []
                        FreedMemory.release()
                    }
                }
                initialized = total
            }
            written = total
        }
        return SparseRows(columnCount: sources.count, offsets: offsets, columns: columns, values: values)
    }

    /// The searches' parts regrouped by block (`[block][source]`), so that the thread filling a
    /// block owns and releases that block's parts.
    static func byBlock(_ rows: [[[(target: Int32, seconds: Float)]]]) -> [[[(target: Int32, seconds: Float)]]] {
        (0..<(rows.first?.count ?? 0)).map { b in rows.map { $0[b] } }
    }

    /// Row offsets of the target-major layout: each target's count of pairs, counted block by
    /// block on `threads` threads (a block's targets are a run of its own), then summed up.
    static func countsByTarget(_ byBlock: [[[(target: Int32, seconds: Float)]]], targetCount: Int, threads: Int) -> [Int] {
        var offsets = [Int](repeating: 0, count: targetCount + 1)
        offsets.withUnsafeMutableBufferPointer { counts in
            let counts = UncheckedSendable(counts.baseAddress)
            forEachBlock(byBlock.count, threads: threads) { b in
                for part in byBlock[b] { for entry in part { counts.value![Int(entry.target) + 1] += 1 } }
            }
        }
        for t in 0..<targetCount { offsets[t + 1] += offsets[t] }
        return offsets
    }

    /// Runs `body(block)` for every block, worker `w` of `threads` taking blocks w, w + threads, ...
    static func forEachBlock(_ count: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        let workers = max(1, min(threads, count))
        guard workers > 1 else { for b in 0..<count { body(b) }; return }
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for b in stride(from: w, to: count, by: workers) { body(b) }
        }
    }

    /// The log2 of the block size: the smallest power of two that cuts `targetCount` targets
    /// into at most `blocks` blocks (a shift instead of a division per pair).
    static func blockShift(targetCount: Int, blocks: Int) -> Int {
        let wanted = max(1, (targetCount + max(1, blocks) - 1) / max(1, blocks))
        var shift = 0
        while 1 << shift < wanted { shift += 1 }
        return shift
    }

    /// Each source's reached targets split by block of `1 << blockShift` consecutive targets
    /// (every source has the same number of blocks), each part in the order the search settled
    /// their nodes (unsorted) and allocated to its size: the searches of `cellRow` on a
    /// `CellRowLayout`; `referenceSearchRows` is the plain version.
    static func searchRows(on graph: RoadGraph, from sources: [SearchStart], to targetPoints: [SearchStart], cutoffSeconds: Float,
                           threads: Int, progress: SearchProgress?, blockShift: Int) -> [[[(target: Int32, seconds: Float)]]] {
        let layout = CellRowLayout(graph: graph, targetPoints: targetPoints)
        let blocks = max(1, (targetPoints.count + (1 << blockShift) - 1) >> blockShift)
        // Searched in an order along the ground (`localityOrder`), so that a thread's next search
        // finds most of its area's graph in cache from the last; each row still goes to its source.
        let order = localityOrder(of: sources, in: graph)
        let searched = ParallelSearch.map(count: sources.count, threads: threads, nodeCount: graph.nodeCount, progress: progress) { i, workspace in
            let buffer = workspace.pairBuffer
            cellRow(layout, from: sources[order[i]], cutoffSeconds: cutoffSeconds, workspace: workspace, buffer: buffer)
            return buffer.split(blocks: blocks, blockShift: blockShift)
        }
        var rows = [[[(target: Int32, seconds: Float)]]](repeating: [], count: sources.count)
        for (i, s) in order.enumerated() { rows[s] = searched[i] }
        return rows
    }

    /// Source indices ordered along a Hilbert curve over their start nodes' points (sources
    /// off the graph last, in index order; equal keys by index): neighbours on the curve are
    /// neighbours on the ground, so consecutive searches overlap.
    static func localityOrder(of sources: [SearchStart], in graph: RoadGraph) -> [Int] {
        let n = graph.nodeCount
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for s in sources where s.node >= 0 && Int(s.node) < n {
            let p = graph.points[Int(s.node)]
            minX = min(minX, p.x); maxX = max(maxX, p.x); minY = min(minY, p.y); maxY = max(maxY, p.y)
        }
        let side = 1 << 16
        func cell(_ value: Double, _ low: Double, _ high: Double) -> Int {
            let scaled = high > low ? (value - low) / (high - low) * Double(side - 1) : 0
            return scaled.isFinite ? min(side - 1, max(0, Int(scaled.rounded(.down)))) : 0
        }
        let keys = sources.map { s -> UInt64 in
            guard s.node >= 0 && Int(s.node) < n else { return .max }
            let p = graph.points[Int(s.node)]
            return hilbertKey(x: cell(p.x, minX, maxX), y: cell(p.y, minY, maxY), side: side)
        }
        return sources.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
    }

    /// The distance along the Hilbert curve of the `side` × `side` grid (a power of two) to the
    /// cell (x, y): the classic rotate-and-flip walk down the quadrants.
    static func hilbertKey(x: Int, y: Int, side: Int) -> UInt64 {
        var x = x, y = y, key: UInt64 = 0
        var s = side / 2
        while s > 0 {
            let rx = (x & s) > 0 ? 1 : 0, ry = (y & s) > 0 ? 1 : 0
            key += UInt64(s) * UInt64(s) * UInt64((3 * rx) ^ ry)
            if ry == 0 {
                if rx == 1 { x = side - 1 - x; y = side - 1 - y }
                swap(&x, &y)
            }
            s /= 2
        }
        return key
    }

    /// The plain version of `searchRows`: `search` with a `visit` that looks up each settled
    /// node's targets, the row grown by appends, then `split`.
    static func referenceSearchRows(on graph: RoadGraph, from sources: [SearchStart], to targetPoints: [SearchStart], cutoffSeconds: Float,
                           threads: Int, progress: SearchProgress?, blockSize: Int) -> [[[(target: Int32, seconds: Float)]]] {
        let n = graph.nodeCount
        let snapped = targetPoints.indices.filter { targetPoints[$0].node >= 0 && Int(targetPoints[$0].node) < n }
        let byNode = CountingSort.order(keys: snapped.map { targetPoints[$0].node }, bucketCount: n)
        let targetStart = byNode.offsets.map { Int32(truncatingIfNeeded: $0) }, targetsByNode = byNode.order.map { Int32(snapped[$0]) }
        let legs = targetPoints.map(\.seconds)
        let blocks = max(1, (targetPoints.count + blockSize - 1) / blockSize)
        return ParallelSearch.map(count: sources.count, threads: threads, nodeCount: n, progress: progress) { s, workspace in
            var row: [(target: Int32, seconds: Float)] = []
            targetStart.withUnsafeBufferPointer { start in
            targetsByNode.withUnsafeBufferPointer { targets in
            legs.withUnsafeBufferPointer { legs in
                graph.search(from: [sources[s]], cutoffSeconds: cutoffSeconds, workspace: workspace) { v, d in
                    for k in Int(start[Int(v)])..<Int(start[Int(v) + 1]) {
                        let t = targets[k]
                        let total = d + legs[Int(t)]
                        if total <= cutoffSeconds { row.append((t, total)) }
                    }
                }
            }
            }
            }
            return split(row, blocks: blocks, blockSize: blockSize)
        }
    }

    /// `row`'s entries by block of targets (`target / blockSize`), each block in the row's order,
    /// each part allocated to its exact size (the searched row's growth slack is not kept).
    static func split(_ row: [(target: Int32, seconds: Float)], blocks: Int, blockSize: Int) -> [[(target: Int32, seconds: Float)]] {
        var counts = [Int](repeating: 0, count: blocks)
        for entry in row { counts[Int(entry.target) / blockSize] += 1 }
        var parts = counts.map { count in
            var part: [(target: Int32, seconds: Float)] = []
            part.reserveCapacity(count)
            return part
        }
        for entry in row { parts[Int(entry.target) / blockSize].append(entry) }
        return parts
    }
}
