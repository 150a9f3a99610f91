#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interns ids, given as their bytes, to dense indices 0, 1, 2, … in order of first insertion.
/// Ids compare byte-wise (as PySAL compares its string ids), and no String is made per lookup,
/// so a 13-million-row matrix can be resolved against 100,000 cells without allocating.
public struct IdTable: Sendable {
    /// Every id's bytes one after another, after a sentinel byte (so the storage is never empty)
    /// and followed by 8 zero bytes (so that 8-byte loads of a short id stay inside).
    private var arena: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0]
    /// `arena[ends[k - 1] ..< ends[k]]` is id k (`ends[-1]` = 1).
    private var ends: [Int] = []
    /// Open addressing: index + 1 of the id in the slot, 0 for an empty slot.
    private var slots: [Int32]

    public init(minimumCapacity: Int = 16) {
        var size = 16
        while size < minimumCapacity * 2 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        ends.reserveCapacity(minimumCapacity)
    }

    public var count: Int { ends.count }

    /// The bytes of id `index`.
    public func bytes(_ index: Int) -> ArraySlice<UInt8> {
        arena[(index == 0 ? 1 : ends[index - 1])..<ends[index]]
    }

    /// Id `index` as text (ids are UTF-8: the readers check).
    public func string(_ index: Int) -> String { String(decoding: bytes(index), as: UTF8.self) }

    /// The index of the id with these bytes, or nil.
    public func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return index(ofEmpty: ()) }
        let found = withLookup { $0.find(base, bytes.count) }
        return found < 0 ? nil : Int(found)
    }

    public func index(of id: String) -> Int? {
        var copy = id
        return copy.withUTF8 { index(of: $0) }
    }

    private func index(ofEmpty: Void) -> Int? {
        var byte: UInt8 = 0
        return withUnsafePointer(to: &byte) { p in
            let found = withLookup { $0.find(p, 0) }
            return found < 0 ? nil : Int(found)
        }
    }

    /// Adds the id unless present; returns its index and whether it was new.
    @discardableResult
    public mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> (index: Int, inserted: Bool) {
        var byte: UInt8 = 0
        return withUnsafePointer(to: &byte) { empty in
            insert(bytes.baseAddress ?? empty, bytes.count)
        }
    }

    @discardableResult
    public mutating func insert(_ id: String) -> (index: Int, inserted: Bool) {
        var copy = id
        return copy.withUTF8 { insert($0) }
    }

    @discardableResult
    mutating func insert(_ base: UnsafePointer<UInt8>, _ length: Int) -> (index: Int, inserted: Bool) {
        let hash = IdLookup.hash(base, length)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let k = Int(slots[slot]) - 1
            let start = k == 0 ? 1 : ends[k - 1]
            if ends[k] - start == length,
               arena.withUnsafeBufferPointer({ memcmp($0.baseAddress! + start, base, length) == 0 }) {
                return (k, false)
            }
            slot = (slot + 1) & mask
        }
        let index = ends.count
        arena.removeLast(8)
        arena.append(contentsOf: UnsafeBufferPointer(start: base, count: length))
        ends.append(arena.count)
        arena.append(contentsOf: repeatElement(0, count: 8))
        slots[slot] = Int32(index + 1)
        if ends.count * 2 > slots.count { grow() }
        return (index, true)
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        arena.withUnsafeBufferPointer { arena in
            for k in 0..<ends.count {
                let start = k == 0 ? 1 : ends[k - 1]
                var slot = Int(truncatingIfNeeded: IdLookup.hash(arena.baseAddress! + start, ends[k] - start)) & mask
                while bigger[slot] != 0 { slot = (slot + 1) & mask }
                bigger[slot] = Int32(k + 1)
            }
        }
        slots = bigger
    }

    /// Runs `body` with a read-only view for fast lookups (safe to share between threads).
    func withLookup<R>(_ body: (IdLookup) throws -> R) rethrows -> R {
        try arena.withUnsafeBufferPointer { arena in
            try ends.withUnsafeBufferPointer { ends in
                try slots.withUnsafeBufferPointer { slots in
                    try body(IdLookup(arena: arena.baseAddress!, ends: ends.baseAddress, slots: slots.baseAddress!,
                                      mask: slots.count - 1))
                }
            }
        }
    }
}

/// Pointer view of an `IdTable`, valid inside `withLookup`.
struct IdLookup: @unchecked Sendable {
    let arena: UnsafePointer<UInt8>
    let ends: UnsafePointer<Int>?
    let slots: UnsafePointer<Int32>
    let mask: Int

    /// Index of the id, or -1.
    @inline(__always)
    func find(_ base: UnsafePointer<UInt8>, _ length: Int) -> Int32 {
        var slot = Int(truncatingIfNeeded: IdLookup.hash(base, length)) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return -1 }
            let k = Int(entry) - 1
            if let ends {
                let start = k == 0 ? 1 : ends[k - 1]
                if ends[k] - start == length, sameBytes(arena + start, base, length) { return Int32(k) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// `find` for a key followed by at least 8 readable bytes (the parser's buffer has slack):
    /// a short id is hashed and compared with one masked 8-byte load.
    @inline(__always)
    func findPadded(_ base: UnsafePointer<UInt8>, _ length: Int) -> Int32 {
        #if _endian(big)
        return find(base, length)
        #else
        guard length <= 8, let ends else { return find(base, length) }
        let mask: UInt64 = length == 8 ? ~0 : (UInt64(1) << UInt64(length * 8)) &- 1
        let key = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self) & mask
        var slot = Int(truncatingIfNeeded: IdLookup.hashShort(key, length)) & self.mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return -1 }
            let k = Int(entry) - 1
            let start = k == 0 ? 1 : ends[k - 1]
            if ends[k] - start == length,
               UnsafeRawPointer(arena + start).loadUnaligned(as: UInt64.self) & mask == key { return Int32(k) }
            slot = (slot + 1) & self.mask
        }
        #endif
    }

    /// Whether two byte runs of `length` are equal (inline: ids are short, a libc call costs more).
    @inline(__always)
    static func sameBytesStatic(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 8 <= length {
            if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < length {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    @inline(__always)
    func sameBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        IdLookup.sameBytesStatic(a, b, length)
    }

    /// A fast 64-bit mix of the bytes (8 at a time).
    @inline(__always)
    static func hash(_ base: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 &+ UInt64(truncatingIfNeeded: length)
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= length {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 32
            i += 8
        }
        if i < length {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < length {
                tail |= UInt64(base[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0x9E37_79B9_7F4A_7C15
        }
        return finish(h)
    }

    /// `hash` of an id of at most 8 bytes given as its little-endian word (zero above).
    @inline(__always)
    static func hashShort(_ word: UInt64, _ length: Int) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 &+ UInt64(truncatingIfNeeded: length)
        if length == 8 {
            h = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 32
        } else if length > 0 {
            h = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
        }
        return finish(h)
    }

    @inline(__always)
    static func finish(_ value: UInt64) -> UInt64 {
        let h = (value ^ (value >> 29)) &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }
}

extension IdTable {
    /// The indices of all ids sorted by their bytes (the byte order outputs are sorted in).
    public func indicesSortedByBytes() -> [Int] {
        var order = Array(0..<count)
        arena.withUnsafeBufferPointer { arena in
            ends.withUnsafeBufferPointer { ends in
                let base = arena.baseAddress!
                order.sort { a, b in
                    let sa = a == 0 ? 1 : ends[a - 1], sb = b == 0 ? 1 : ends[b - 1]
                    let la = ends[a] - sa, lb = ends[b] - sb
                    let c = memcmp(base + sa, base + sb, Swift.min(la, lb))
                    return c != 0 ? c < 0 : la < lb
                }
            }
        }
        return order
    }
}
