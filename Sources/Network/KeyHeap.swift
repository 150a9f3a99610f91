/// The search's priority queue: a 4-ary min-heap of 64-bit keys (time bits above the node,
/// see `key` in Dijkstra.swift), so that one integer comparison orders entries and equal
/// keys cannot occur (a node is inserted at a given time once). Four children a node keep
/// the heap shallow and a pop's comparisons within one cache line; with distinct keys the
/// pop order is the keys' order, whatever the heap's layout.
struct KeyHeap {
    private var keys: [UInt64] = []

    var isEmpty: Bool { keys.isEmpty }

    /// Empties the heap, keeping its storage for the next search.
    mutating func removeAll() { keys.removeAll(keepingCapacity: true) }

    mutating func insert(_ key: UInt64) {
        keys.append(key)
        keys.withUnsafeMutableBufferPointer { heap in
            var i = heap.count - 1
            while i > 0 {
                let parent = (i - 1) >> 2
                let above = heap[parent]
                if above <= key { break }
                heap[i] = above
                i = parent
            }
            heap[i] = key
        }
    }

    /// The smallest key, removed; nil when empty.
    mutating func popMin() -> UInt64? {
        guard let last = keys.popLast() else { return nil }
        let n = keys.count
        if n == 0 { return last }
        return keys.withUnsafeMutableBufferPointer { heap in
            let top = heap[0]
            var i = 0
            while true {
                let first = 4 * i + 1
                if first >= n { break }
                var best = first, bestKey = heap[first]
                var c = first + 1
                let end = min(first + 4, n)
                while c < end {
                    let k = heap[c]
                    if k < bestKey { best = c; bestKey = k }
                    c += 1
                }
                if bestKey >= last { break }
                heap[i] = bestKey
                i = best
            }
            heap[i] = last
            return top
        }
    }
}
