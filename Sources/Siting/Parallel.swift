import Foundation

/// Splits loops over sites into contiguous chunks run on at most the caller's thread count.
/// Each item is computed by one thread in a fixed order and results are merged in chunk order,
/// so the outcome does not depend on the number of threads.
enum Parallel {
    /// `parts` contiguous ranges of `0..<starts.count-1` holding about equal shares of
    /// `starts.last` (CSR offsets: the work of item j is `starts[j+1] - starts[j]`).
    static func balancedRanges(_ starts: [Int], parts: Int) -> [Range<Int>] {
        let count = starts.count - 1
        guard count > 0 else { return [] }
        let total = starts[count]
        var ranges: [Range<Int>] = []
        var lower = 0
        for part in 1...parts where lower < count {
            let target = total * part / parts
            var upper = lower + 1
            while upper < count && starts[upper] < target { upper += 1 }
            if part == parts { upper = count }
            ranges.append(lower..<upper)
            lower = upper
        }
        return ranges
    }

    /// Runs `body(chunk)` for every chunk on at most `threads` threads: worker w takes chunks
    /// w, w + T, w + 2T, ... (T = the workers), so no more than `threads` run at once.
    static func forEach(_ ranges: [Range<Int>], threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let workers = max(1, min(threads, ranges.count))
        if workers == 1 {
            for r in ranges { body(r) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var chunk = worker
            while chunk < ranges.count {
                body(ranges[chunk])
                chunk += workers
            }
        }
    }
}
