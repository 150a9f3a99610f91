import Foundation

/// The ids of a layer's features so far, with the index of the feature that gave each first,
/// to refuse a duplicate. Ids are equal as Swift Strings are (canonical equivalence), as the
/// dictionary this replaces compared them. Short ASCII ids (nearly all: at most 15 bytes) are
/// packed into two words: while they come in increasing order (a layer written in id order:
/// by their bytes, `a1` `a10` `a2`, or by their length first, `c99999` `c100000`, `9` `10`) none
/// can repeat one before, so they are only compared with the one before; from the first that
/// follows neither order, they go into an open-addressing table of their own (no String
/// hashing: a tenth of reading a million cells went to it). The others are kept by String.
struct FeatureIds {
    private struct Slot {
        var low: UInt64 = 0, high: UInt64 = 0
        /// The first feature's index + 1; 0 for an empty slot.
        var first = 0
    }

    /// The packed ids while they increase, with their features' indices; then empty.
    private var ordered: [(key: (low: UInt64, high: UInt64), index: Int)] = []
    private var increasing = true
    /// Whether the ids so far increase by their bytes; by their length, then bytes.
    private var increasingByBytes = true, increasingByLength = true
    private var slots: [Slot] = []
    private var packedCount = 0
    /// Ids longer than 15 bytes or with a non-ASCII character, by String.
    private var others: [String: Int] = [:]

    /// Whether the ids went to the table (they stopped increasing).
    var usesTable: Bool { !increasing }

    /// Records `id` at feature `index`, or, when it is a duplicate, gives the feature that gave it first.
    mutating func insert(_ id: String, at index: Int) -> Int? {
        if !others.isEmpty, let first = others[id] { return first } // e.g. U+212A KELVIN SIGN, equal to "K"
        if let key = Self.packed(id) {
            if increasing, stillIncreasing(to: key) {
                ordered.append((key, index))
                return nil
            }
            makeTable()
            return insert(key, at: index)
        }
        // A non-ASCII id equal to a short ASCII one has that id as its NFC form.
        makeTable()
        if let key = Self.packed(id.precomposedStringWithCanonicalMapping), let first = find(key) { return first }
        others[id] = index
        return nil
    }

    /// An ASCII id of at most 15 bytes as two words: bytes 0–7, then bytes 8–14 and the length.
    static func packed(_ id: String) -> (low: UInt64, high: UInt64)? {
        var text = id
        return text.withUTF8 { bytes in
            guard bytes.count <= 15 else { return nil }
            var low: UInt64 = 0, high = UInt64(bytes.count) << 56
            for (i, byte) in bytes.enumerated() {
                guard byte < 0x80 else { return nil }
                if i < 8 { low |= UInt64(byte) << (8 * i) } else { high |= UInt64(byte) << (8 * (i - 8)) }
            }
            return (low, high)
        }
    }

    /// Whether `a` comes before `b` in one total order of packed ids (their bytes in order, then
    /// the length): increasing ids are distinct.
    static func precedes(_ a: (low: UInt64, high: UInt64), _ b: (low: UInt64, high: UInt64)) -> Bool {
        (a.low.byteSwapped, a.high.byteSwapped) < (b.low.byteSwapped, b.high.byteSwapped)
    }

    /// Whether the ids so far and `key` after them increase in one of the two orders.
    private mutating func stillIncreasing(to key: (low: UInt64, high: UInt64)) -> Bool {
        guard let last = ordered.last?.key else { return true }
        increasingByBytes = increasingByBytes && Self.precedes(last, key)
        increasingByLength = increasingByLength && Self.precedesByLength(last, key)
        return increasingByBytes || increasingByLength
    }

    /// Whether `a` comes before `b` by their length (the high word's top byte), then their bytes.
    static func precedesByLength(_ a: (low: UInt64, high: UInt64), _ b: (low: UInt64, high: UInt64)) -> Bool {
        (a.high >> 56, a.low.byteSwapped, a.high.byteSwapped) < (b.high >> 56, b.low.byteSwapped, b.high.byteSwapped)
    }

    /// From the first id out of order on, the table holds the packed ids.
    private mutating func makeTable() {
        guard increasing else { return }
        increasing = false
        var size = 1024
        while size < ordered.count * 4 { size <<= 1 }
        slots = [Slot](repeating: Slot(), count: size)
        for (key, index) in ordered { _ = insert(key, at: index) }
        ordered = []
    }

    private static func slot(of key: (low: UInt64, high: UInt64), mask: Int) -> Int {
        // An id's last bytes are the word's high bytes: a full avalanche (MurmurHash3's
        // finaliser) brings them down to the slot bits.
        var h = key.low ^ (key.high &* 0x9E37_79B9_7F4A_7C15)
        h = (h ^ (h >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        h = (h ^ (h >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return Int(truncatingIfNeeded: h ^ (h >> 33)) & mask
    }

    private func find(_ key: (low: UInt64, high: UInt64)) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var s = Self.slot(of: key, mask: mask)
        while slots[s].first != 0 {
            if slots[s].low == key.low && slots[s].high == key.high { return slots[s].first - 1 }
            s = (s + 1) & mask
        }
        return nil
    }

    private mutating func insert(_ key: (low: UInt64, high: UInt64), at index: Int) -> Int? {
        let mask = slots.count - 1
        var s = Self.slot(of: key, mask: mask)
        while slots[s].first != 0 {
            if slots[s].low == key.low && slots[s].high == key.high { return slots[s].first - 1 }
            s = (s + 1) & mask
        }
        slots[s] = Slot(low: key.low, high: key.high, first: index + 1)
        packedCount += 1
        if packedCount * 2 > slots.count { grow() }
        return nil
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        let mask = slots.count - 1
        for slot in old where slot.first != 0 {
            var s = Self.slot(of: (slot.low, slot.high), mask: mask)
            while slots[s].first != 0 { s = (s + 1) & mask }
            slots[s] = slot
        }
    }
}
