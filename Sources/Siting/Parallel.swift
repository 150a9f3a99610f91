import Foundation

/// Splits loops over sites into contiguous chunks run on all cores. Each item is computed by
/// one thread in a fixed order and results are merged in chunk order, so the outcome does not
/// depend on the number of threads.
enum Parallel {
    static var threadCount: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16)) }

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

    /// Runs `body(chunk)` for every chunk, concurrently when there is more than one.
    static func forEach(_ ranges: [Range<Int>], _ body: @Sendable (Range<Int>) -> Void) {
        if ranges.count <= 1 {
            for r in ranges { body(r) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: ranges.count) { body(ranges[$0]) }
    }
}
