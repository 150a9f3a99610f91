import Model

/// The feature form a population grid is written in, read in one tight scan over raw bytes:
/// no closure, no member table, no `throws`, the cursor in registers. It reads a feature whose
/// members are `type`, `properties`, `geometry` and `id` (each once, any order), whose
/// properties are scalars under plain ASCII names, and whose geometry is a Point, Polygon or
/// MultiPolygon given `type` first, with numbers of at most 19 digits and no exponent.
///
/// Anything else (an escape, a nested property, an exponent, a problem, the window's end) makes
/// it give up with `nil` before it moved: the caller then reads the same feature by the fast
/// path's general code (`feature(index:geographic:)`), whose results it must equal (a test
/// compares both on every shape the fast path reads, and on seeded mutations of a grid).
/// On the cell path this cut the reading's instructions per feature by about four.
extension JSONParser {
    /// The feature at `position` read by `PlainFeatureScan` into the slots, or nil (nothing moved).
    mutating func plainFeature(index: Int, geographic: Bool) -> GeoJSONFeature? {
        guard var slots, let base = bytes.baseAddress else { return nil }
        self.slots = nil // uniquely referenced while filled: no copy
        defer { self.slots = slots }
        var scan = PlainFeatureScan(at: base + position, end: base + bytes.count, geographic: geographic)
        guard let feature = scan.feature(index: index, slots: &slots, scratch: &positionScratch) else { return nil }
        position = scan.cursor - base
        return feature
    }
}

struct PlainFeatureScan {
    /// The next byte to read; never past `end`.
    private(set) var cursor: UnsafePointer<UInt8>
    private let end: UnsafePointer<UInt8>
    private let geographic: Bool

    init(at cursor: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>, geographic: Bool) {
        self.cursor = cursor
        self.end = end
        self.geographic = geographic
    }

    /// The byte at the cursor, or 0 at the end (never a byte the grammar expects).
    @inline(__always) private var next: UInt8 { cursor < end ? cursor.pointee : 0 }

    @inline(__always) private mutating func skipSpace() {
        while cursor < end {
            switch cursor.pointee {
            case 0x20, 0x0A, 0x0D, 0x09: cursor += 1
            default: return
            }
        }
    }

    /// Skips spaces, then consumes `byte` when it is next.
    @inline(__always) private mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard next == byte else { return false }
        cursor += 1
        return true
    }

    /// After a member or element: true on `,`, false on `closing` (both consumed), nil otherwise.
    @inline(__always) private mutating func more(closing: UInt8) -> Bool? {
        skipSpace()
        switch next {
        case UInt8(ascii: ","): cursor += 1; return true
        case closing: cursor += 1; return false
        default: return nil
        }
    }

    // MARK: the feature

    /// The feature whose `{` is next, its properties in `slots` (all reset first).
    mutating func feature(index: Int, slots: inout PropertySlots, scratch: inout [XY]) -> GeoJSONFeature? {
        slots.clear()
        guard take(UInt8(ascii: "{")) else { return nil }
        var seen: UInt8 = 0
        var propertyID: JSONValue? = nil, ownID: JSONValue? = nil
        var geometry: GeoJSONGeometry? = nil
        while true {
            skipSpace()
            guard let name = memberName(), take(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            let bit: UInt8
            switch name.count {
            case 4 where Self.equals(name, "type"):
                bit = 1
                guard let type = plainString(), Self.equals(type, "Feature") else { return nil }
            case 10 where Self.equals(name, "properties"):
                bit = 2
                if !literal("null") { guard properties(&slots, id: &propertyID) else { return nil } }
            case 8 where Self.equals(name, "geometry"):
                bit = 4
                if !literal("null") {
                    guard let read = self.geometry(scratch: &scratch) else { return nil }
                    geometry = read
                }
            case 2 where Self.equals(name, "id"):
                bit = 8
                guard let value = scalar() else { return nil }
                ownID = value
            default: return nil
            }
            guard seen & bit == 0 else { return nil }
            seen |= bit
            guard let again = more(closing: UInt8(ascii: "}")) else { return nil }
            if !again { break }
        }
        guard seen & 1 != 0 else { return nil }
        return GeoJSONFeature(index: index, id: propertyID?.idText ?? ownID?.idText, geometry: geometry, properties: [:])
    }

    /// The properties object whose `{` is next: scalar values under plain ASCII names, the
    /// slots' names into `slots`, `id` into `id`, any other name only checked not to repeat.
    private mutating func properties(_ slots: inout PropertySlots, id: inout JSONValue?) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if take(UInt8(ascii: "}")) { return true }
        var filled: UInt64 = 0 // bit k: slot k; bit 63: id
        var others: [UnsafeBufferPointer<UInt8>] = []
        while true {
            skipSpace()
            guard let name = memberName(), name.allSatisfy({ $0 < 0x80 }), take(UInt8(ascii: ":")) else { return false }
            skipSpace()
            guard let value = scalar() else { return false }
            let isID = Self.equals(name, "id"), slot = slots.slot(of: name)
            if isID {
                guard filled & (1 << 63) == 0 else { return false }
                filled |= 1 << 63
                id = value
            }
            if let slot {
                guard filled & (1 << UInt64(slot)) == 0 else { return false }
                filled |= 1 << UInt64(slot)
                slots.values[slot] = value
            }
            if !isID, slot == nil {
                guard others.count < 16, !others.contains(where: { $0.elementsEqual(name) }) else { return false }
                others.append(name)
            }
            guard let again = more(closing: UInt8(ascii: "}")) else { return false }
            if !again { break }
        }
        return true
    }

    /// A string, number, boolean or null; nil for anything else (an object, an array, an escape).
    private mutating func scalar() -> JSONValue? {
        switch next {
        case UInt8(ascii: "\""): return plainString().map { .string(String(decoding: $0, as: UTF8.self)) }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number().map { .number($0) }
        case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return literal("null") ? .null : nil
        default: return nil
        }
    }

    // MARK: the geometry

    /// The geometry object whose `{` is next, `type` first, then `coordinates`.
    private mutating func geometry(scratch: inout [XY]) -> GeoJSONGeometry? {
        guard take(UInt8(ascii: "{")) else { return nil }
        skipSpace()
        guard let name = memberName(), Self.equals(name, "type"), take(UInt8(ascii: ":")) else { return nil }
        skipSpace()
        guard let type = plainString(), take(UInt8(ascii: ",")) else { return nil }
        skipSpace()
        guard let coordinatesName = memberName(), Self.equals(coordinatesName, "coordinates"), take(UInt8(ascii: ":")) else { return nil }
        let geometry: GeoJSONGeometry
        switch type.count {
        case 5 where Self.equals(type, "Point"):
            guard let p = position() else { return nil }
            geometry = .point(p)
        case 7 where Self.equals(type, "Polygon"):
            guard let polygon = polygon(scratch: &scratch) else { return nil }
            geometry = .polygon(polygon)
        case 12 where Self.equals(type, "MultiPolygon"):
            guard take(UInt8(ascii: "[")) else { return nil }
            var parts: [Polygon] = []
            while true {
                guard let polygon = polygon(scratch: &scratch) else { return nil }
                parts.append(polygon)
                guard let again = more(closing: UInt8(ascii: "]")) else { return nil }
                if !again { break }
            }
            geometry = .multiPolygon(MultiPolygon(parts))
        default: return nil
        }
        return take(UInt8(ascii: "}")) ? geometry : nil
    }

    /// A polygon's rings, each closed and of at least 4 positions: the exterior, then any holes.
    private mutating func polygon(scratch: inout [XY]) -> Polygon? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var exterior: [XY]? = nil
        var holes: [[XY]] = []
        while true {
            guard let ring = ring(scratch: &scratch), ring.count >= 4, ring.first == ring.last else { return nil }
            if exterior == nil { exterior = ring } else { holes.append(ring) }
            guard let again = more(closing: UInt8(ascii: "]")) else { return nil }
            if !again { break }
        }
        return exterior.map { Polygon(exterior: $0, holes: holes) }
    }

    /// A non-empty array of positions, gathered in `scratch` and copied once at its size.
    private mutating func ring(scratch: inout [XY]) -> [XY]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        scratch.removeAll(keepingCapacity: true)
        while true {
            guard let p = position() else { return nil }
            scratch.append(p)
            guard let again = more(closing: UInt8(ascii: "]")) else { return nil }
            if !again { break }
        }
        return Array(scratch)
    }

    /// A position of 2 or 3 numbers (the third read and dropped), within WGS 84's ranges when
    /// `geographic` (the numbers read here are finite), as `GeoJSONReader.checked` asks.
    private mutating func position() -> XY? {
        guard take(UInt8(ascii: "[")) else { return nil }
        skipSpace()
        guard let x = number(), take(UInt8(ascii: ",")) else { return nil }
        skipSpace()
        guard let y = number() else { return nil }
        if take(UInt8(ascii: ",")) {
            skipSpace()
            guard number() != nil else { return nil }
        }
        guard take(UInt8(ascii: "]")) else { return nil }
        if geographic, !((-90...90).contains(y) && (-180...180).contains(x)) { return nil }
        return XY(x, y)
    }

    // MARK: tokens

    /// A number without exponent of at most 19 digits, converted as `JSONParser.number` converts
    /// it (Clinger's fast path, one correctly rounded division, below 2⁵³; else
    /// `NumberParser.decimal`); nil for any other, or for text that is not a JSON number.
    @inline(__always) private mutating func number() -> Double? {
        var p = cursor
        let negative = p < end && p.pointee == UInt8(ascii: "-")
        if negative { p += 1 }
        let integerStart = p
        var mantissa: UInt64 = 0
        let integerDigits = digits(&p, into: &mantissa)
        guard integerDigits > 0, integerDigits == 1 || integerStart.pointee != 0x30 else { return nil }
        var fractionDigits = 0
        if p < end, p.pointee == UInt8(ascii: ".") {
            p += 1
            fractionDigits = digits(&p, into: &mantissa)
            guard fractionDigits > 0 else { return nil }
        }
        guard p < end, p.pointee | 0x20 != UInt8(ascii: "e"), integerDigits + fractionDigits <= 19 else { return nil }
        let value: Double
        if mantissa < (1 << 53), fractionDigits <= 22 {
            value = Double(mantissa) / Self.doublePowersOfTen[fractionDigits]
        } else {
            guard let exact = NumberParser.decimal(mantissa, exponent: -fractionDigits) else { return nil } // 17-digit coordinates
            value = exact
        }
        cursor = p
        return negative ? -value : value
    }

    /// Moves `p` past a run of digits, appending them to `mantissa` (wrapping past 19 digits);
    /// returns how many. Eight bytes are looked at at once (`leadingDigits`): a coordinate's
    /// integer and fraction parts are each one step.
    @inline(__always) private func digits(_ p: inout UnsafePointer<UInt8>, into mantissa: inout UInt64) -> Int {
        let start = p
        while end - p >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
            let (value, count) = Self.leadingDigits(word)
            guard count > 0 else { return p - start }
            mantissa = mantissa &* Self.powersOfTen[count] &+ value
            p += count
            guard count == 8 else { return p - start }
        }
        while p < end {
            let digit = p.pointee &- 0x30
            guard digit < 10 else { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            p += 1
        }
        return p - start
    }

    /// The decimal digits that open the eight bytes of `word` (the first byte lowest), as a
    /// number, and how many there are (0...8). A byte minus `0` is a digit when below 10:
    /// adding 0x76 then sets its top bit only when it is not (a carry or borrow only runs from
    /// a byte that is not a digit to the later ones, which the count leaves out). The digits,
    /// moved to the top bytes, are then combined in pairs, fours and eights by three
    /// multiplications (each lane: high · 10ᵏ + low).
    @inline(__always) static func leadingDigits(_ word: UInt64) -> (value: UInt64, count: Int) {
        let offsets = word &- 0x3030_3030_3030_3030
        let notDigits = (offsets | (offsets &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080
        let count = notDigits.trailingZeroBitCount >> 3
        guard count > 0 else { return (0, 0) }
        var v = offsets &<< UInt64(64 - 8 * count) // the digits in the top bytes, zeros before them
        v = ((v &* (10 << 8 + 1)) >> 8) & 0x00FF_00FF_00FF_00FF
        v = ((v &* (100 << 16 + 1)) >> 16) & 0x0000_FFFF_0000_FFFF
        v = (v &* (10_000 << 32 + 1)) >> 32
        return (v, count)
    }

    static let powersOfTen: [UInt64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]
    /// 10⁰ … 10²², exact doubles (`NumberParser.powersOfTen`, written out).
    static let doublePowersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                              1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    /// The content of the string whose `"` is next, when it has no escape and no control
    /// character (then consumed), or nil.
    @inline(__always) private mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
        guard next == UInt8(ascii: "\"") else { return nil }
        let start = cursor + 1
        var p = start
        while p < end {
            let byte = p.pointee
            if byte == UInt8(ascii: "\"") {
                cursor = p + 1
                return UnsafeBufferPointer(start: start, count: p - start)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            p += 1
        }
        return nil
    }

    @inline(__always) private mutating func memberName() -> UnsafeBufferPointer<UInt8>? { plainString() }

    /// Consumes `word` when it is next.
    @inline(__always) private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard end - cursor >= count, Self.equals(UnsafeBufferPointer(start: cursor, count: count), word) else { return false }
        cursor += count
        return true
    }

    @inline(__always) static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        let expected = text.utf8Start
        for i in 0..<bytes.count where bytes[i] != expected[i] { return false }
        return true
    }
}
