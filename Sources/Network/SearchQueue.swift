/// The priority queue of the searches: an implicit 4-ary min-heap of the
/// searches' 64-bit keys (a time's Float bits above the node number) in memory it owns, kept
/// from search to search. Keys are unique within a search (a node's time only falls), so any
/// correct min-heap pops them in the one order a binary heap does: by time, ties by node.
///
/// Four children a node halve the levels a pop walks down against a binary heap and keep a
/// node's children in one or two cache lines; the storage is raw memory, so no push or pop pays
/// for Swift's copy-on-write checks. One per search workspace, one thread.
final class SearchQueue {
    private var keys: UnsafeMutablePointer<UInt64>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        keys = .allocate(capacity: self.capacity)
    }

    deinit { keys.deallocate() }

    /// Empties the queue (its memory is kept).
    func removeAll() { count = 0 }

    private func grow() {
        let bigger = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * capacity)
        bigger.update(from: keys, count: count)
        keys.deallocate()
        keys = bigger
        capacity *= 2
    }

    /// Adds `key`: a hole climbs from the end while its parent is larger.
    @inline(__always) func insert(_ key: UInt64) {
        if count == capacity { grow() }
        var hole = count
        count += 1
        while hole > 0 {
            let parent = (hole &- 1) >> 2
            let above = keys[parent]
            if above <= key { break }
            keys[hole] = above
            hole = parent
        }
        keys[hole] = key
    }

    /// The smallest key, removed; nil when the queue is empty.
    @inline(__always) func popMin() -> UInt64? {
        guard count > 0 else { return nil }
        let top = keys[0]
        count -= 1
        if count > 0 { siftDown(keys[count]) }
        return top
    }

    /// Puts `key` into the hole at the root: the hole sinks to the smallest child while that
    /// child is smaller than `key`. Four children are compared in two pairs, then the winners.
    @inline(__always) private func siftDown(_ key: UInt64) {
        let n = count
        var hole = 0
        while true {
            let first = hole &* 4 &+ 1
            if first >= n { break }
            var best = first, smallest = keys[first]
            if first &+ 3 < n {
                let k1 = keys[first &+ 1], k2 = keys[first &+ 2], k3 = keys[first &+ 3]
                if k1 < smallest { smallest = k1; best = first &+ 1 }
                var best23 = first &+ 2, smallest23 = k2
                if k3 < smallest23 { smallest23 = k3; best23 = first &+ 3 }
                if smallest23 < smallest { smallest = smallest23; best = best23 }
            } else {
                var c = first &+ 1
                while c < n {
                    if keys[c] < smallest { smallest = keys[c]; best = c }
                    c &+= 1
                }
            }
            if smallest >= key { break }
            keys[hole] = smallest
            hole = best
        }
        keys[hole] = key
    }
}
