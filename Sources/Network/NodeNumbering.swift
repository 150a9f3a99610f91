import Model

/// The graph node of every node reference of a list of ways, numbered by first appearance (the
/// first way's nodes first), as a dictionary from id to number would give them, but found by
/// sorting the references by id (a stable radix sort) instead of hashing each one: a district's
/// millions of references cost a few sequential passes instead of a hash lookup each.
struct NodeNumbering {
    /// Per reference (ways' node ids laid end to end), its node number: node `v` first
    /// appears at the first reference numbered `v`, and no later node before it.
    var nodeOfReference: [Int32]
    var nodeCount: Int

    init(ids: [Int64]) {
        if let dense = Self.denseNumbering(ids) {
            self.init(nodeOfReference: dense.numbers, nodeCount: dense.count)
            return
        }
        self.init(sorting: ids)
    }

    /// The numbering by a table indexed by id when the ids are dense (their span at most twice
    /// the references, as in a generated district or a file renumbered from 1): one pass, a
    /// table read per reference. Nil when they are spread out (a real extract's ids are).
    static func denseNumbering(_ ids: [Int64]) -> (numbers: [Int32], count: Int)? {
        guard let low = ids.min(), let high = ids.max() else { return nil }
        let span = UInt64(bitPattern: high &- low)
        guard high &- low >= 0, span < UInt64(2 * ids.count + 1024) else { return nil }
        var table = [Int32](repeating: -1, count: Int(span) + 1)
        var numbers = [Int32](repeating: 0, count: ids.count)
        var count: Int32 = 0
        table.withUnsafeMutableBufferPointer { table in
            numbers.withUnsafeMutableBufferPointer { numbers in
                for (r, id) in ids.enumerated() {
                    let slot = Int(id &- low)
                    if table[slot] < 0 { table[slot] = count; count += 1 }
                    numbers[r] = table[slot]
                }
            }
        }
        return (numbers, Int(count))
    }

    init(nodeOfReference: [Int32], nodeCount: Int) {
        self.nodeOfReference = nodeOfReference; self.nodeCount = nodeCount
    }

    /// The numbering by a stable sort of the ids (any ids).
    init(sorting ids: [Int64]) {
        let order = Self.stableOrder(ids)
        // Ranks of equal ids: the first reference of each run of equal ids in sorted order is
        // its first appearance (the sort is stable).
        var group = [Int32](repeating: 0, count: ids.count)
        var groupCount: Int32 = 0
        for k in order.indices {
            if k > 0 && ids[Int(order[k])] != ids[Int(order[k - 1])] { groupCount += 1 }
            group[Int(order[k])] = groupCount
        }
        if !ids.isEmpty { groupCount += 1 }
        var numberOfGroup = [Int32](repeating: -1, count: Int(groupCount))
        var count: Int32 = 0
        for r in ids.indices {
            let g = Int(group[r])
            if numberOfGroup[g] < 0 { numberOfGroup[g] = count; count += 1 }
            group[r] = numberOfGroup[g]
        }
        nodeOfReference = group
        nodeCount = Int(count)
    }

    /// Reference positions sorted by id, equal ids in position order: an LSD radix sort on
    /// 11-bit digits, skipping the digits in which no two ids differ.
    static func stableOrder(_ ids: [Int64]) -> [Int32] {
        let keys = ids.map { UInt64(bitPattern: $0) ^ (1 << 63) }   // signed order as unsigned
        var varying: UInt64 = 0
        if let firstKey = keys.first { for key in keys { varying |= key ^ firstKey } }
        var order = (0..<Int32(keys.count)).map { $0 }
        var sortedKeys = keys
        var spareOrder = order, spareKeys = keys
        let digitBits: UInt64 = 11, buckets = 1 << 11
        var shift: UInt64 = 0
        while shift < 64 && (varying >> shift) != 0 {
            defer { shift += digitBits }
            guard (varying >> shift) & UInt64(buckets - 1) != 0 else { continue }
            var start = [Int](repeating: 0, count: buckets + 1)
            for key in sortedKeys { start[Int((key >> shift) & UInt64(buckets - 1)) + 1] += 1 }
            for b in 0..<buckets { start[b + 1] += start[b] }
            for k in sortedKeys.indices {
                let b = Int((sortedKeys[k] >> shift) & UInt64(buckets - 1))
                spareKeys[start[b]] = sortedKeys[k]
                spareOrder[start[b]] = order[k]
                start[b] += 1
            }
            swap(&sortedKeys, &spareKeys)
            swap(&order, &spareOrder)
        }
        return order
    }
}
