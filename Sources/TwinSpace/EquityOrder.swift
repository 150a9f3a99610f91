/// The order of `Equity`'s sorts by a stable least-significant-byte radix sort: each value
/// becomes a 64-bit key that orders as the values do (`key`), and a stable sort of the keys in
/// index order leaves equal values in index order, which is the comparison sort's tie rule; so
/// the indices are the same. Passes whose byte is the same in every key are skipped.
enum EquityOrder {
    /// The indices of positive weight by value, ties by index; nil when a value is NaN (which
    /// has no place in the keys' order; the comparison sort decides then).
    static func sortedIndices(_ values: [Double], _ weights: [Double]) -> [Int]? {
        var keys: [UInt64] = [], order: [Int] = []
        keys.reserveCapacity(values.count); order.reserveCapacity(values.count)
        for i in values.indices where weights[i] > 0 {
            guard !values[i].isNaN else { return nil }
            keys.append(key(values[i]))
            order.append(i)
        }
        sort(&keys, &order)
        return order
    }

    /// A key whose unsigned order is the order of non-NaN doubles: -0 and +0 the same key
    /// (they compare equal), negative values with their bits inverted (larger magnitudes lower),
    /// non-negative ones with the sign bit set (above every negative).
    static func key(_ value: Double) -> UInt64 {
        let bits = (value == 0 ? 0.0 : value).bitPattern
        return bits >> 63 == 1 ? ~bits : bits | 1 << 63
    }

    /// Sorts `keys`, carrying `order` along, byte by byte from the lowest (stable in each pass).
    static func sort(_ keys: inout [UInt64], _ order: inout [Int]) {
        let n = keys.count
        guard n > 1 else { return }
        var counts = [Int](repeating: 0, count: 8 * 256)
        for k in keys { for byte in 0..<8 { counts[byte << 8 | Int(truncatingIfNeeded: k >> (8 * byte)) & 0xFF] += 1 } }
        var otherKeys = keys, otherOrder = order
        for byte in 0..<8 {
            let shift = UInt64(8 * byte), base = byte << 8
            guard counts[base | Int(truncatingIfNeeded: keys[0] >> shift) & 0xFF] < n else { continue }  // one bucket: nothing moves
            var next = [Int](repeating: 0, count: 256)
            var total = 0
            for b in 0..<256 { next[b] = total; total += counts[base | b] }
            keys.withUnsafeBufferPointer { from in
                order.withUnsafeBufferPointer { fromOrder in
                    otherKeys.withUnsafeMutableBufferPointer { to in
                        otherOrder.withUnsafeMutableBufferPointer { toOrder in
                            for j in 0..<n {
                                let b = Int(truncatingIfNeeded: from[j] >> shift) & 0xFF
                                let at = next[b]
                                next[b] = at + 1
                                to[at] = from[j]
                                toOrder[at] = fromOrder[j]
                            }
                        }
                    }
                }
            }
            swap(&keys, &otherKeys)
            swap(&order, &otherOrder)
        }
    }
}
