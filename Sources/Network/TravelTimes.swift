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
    /// rows released (and their pages returned, `FreedMemory`) before the next, so that the
    /// pairs are held about once (8 bytes a pair as searched, plus a block of the result), never
    /// as the searches' rows and the whole result at once. No row is sorted (sources are taken
    /// in index order).
    static func timesByTarget<T>(on graph: RoadGraph, from sources: [SearchStart], to targetPoints: [SearchStart],
                                 cutoffSeconds: Float, threads: Int, progress: SearchProgress? = nil, blocks: Int = targetBlocks,
                                 transform: (Float) -> T) -> SparseRows<T> {
        let blockSize = max(1, (targetPoints.count + blocks - 1) / max(1, blocks))
        var rows = searchRows(on: graph, from: sources, to: targetPoints, cutoffSeconds: cutoffSeconds, threads: threads,
                              progress: progress, blockSize: blockSize)
        var offsets = [Int](repeating: 0, count: targetPoints.count + 1)
        for row in rows { for part in row { for entry in part { offsets[Int(entry.target) + 1] += 1 } } }
        for t in 0..<targetPoints.count { offsets[t + 1] += offsets[t] }
        let total = offsets[targetPoints.count]
        var fill = Array(offsets.dropLast())
        // Both filled by position, a block's slots (one run of each array) in its pass: pages of
        // later blocks are not touched before. Every slot is written once (the counts are exact).
        var values: [T] = []
        let columns = [Int32](unsafeUninitializedCapacity: total) { sourceOf, written in
            values = [T](unsafeUninitializedCapacity: total) { value, initialized in
                for b in 0..<(rows.first?.count ?? 0) {
                    for s in rows.indices {
                        for entry in rows[s][b] {
                            let t = Int(entry.target), slot = fill[t]
                            (sourceOf.baseAddress! + slot).initialize(to: Int32(s))
                            (value.baseAddress! + slot).initialize(to: transform(entry.seconds))
                            fill[t] = slot + 1
                        }
                        rows[s][b] = []
                    }
                    FreedMemory.release()
                }
                initialized = total
            }
            written = total
        }
        return SparseRows(columnCount: sources.count, offsets: offsets, columns: columns, values: values)
    }

    /// Each source's reached targets split by block of `blockSize` consecutive targets (every
    /// source has the same number of blocks), each part in the order the search settled their
    /// nodes (unsorted) and allocated to its size.
    static func searchRows(on graph: RoadGraph, from sources: [SearchStart], to targetPoints: [SearchStart], cutoffSeconds: Float,
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
