import Model

/// The common case of a GeoJSON layer read in one pass: the bytes go straight to features,
/// without first building a `JSONValue` tree of every coordinate (which cost two thirds of the
/// reading time on a 200,000-cell population layer). Only properties and foreign members
/// become `JSONValue`s.
///
/// The fast path accepts only what the general path (`JSONValue.parse` then the tree walk in
/// `GeoJSONReader`) accepts without a single problem, and gives the same features; at the first
/// thing it does not handle (malformed JSON, a duplicate member, a feature with a problem, a
/// geometry type other than Point, LineString, Polygon, MultiPolygon) it gives up, and the
/// caller reads the file again by the general path, whose messages are the contract.
extension JSONParser {
    /// Why the fast path gave up; never shown to a user.
    struct GiveUp: Error {}

    /// The features of a well-formed FeatureCollection with no problem, or nil.
    static func features(_ bytes: UnsafeBufferPointer<UInt8>, file: String, geographic: Bool) -> [GeoJSONFeature]? {
        var out: [GeoJSONFeature] = []
        return forEachFeature(bytes, file: file, geographic: geographic) { out.append($0) } ? out : nil
    }

    /// Passes each feature of a well-formed FeatureCollection with no problem to `body` as soon
    /// as it is read; false when the fast path gave up (after passing the features before).
    /// With `slots`, the properties are read into them (`PropertySlots`), not into the feature.
    static func forEachFeature(_ bytes: UnsafeBufferPointer<UInt8>, file: String, geographic: Bool, slots: PropertySlots? = nil,
                               _ body: (GeoJSONFeature, PropertySlots?) -> Void) -> Bool {
        var parser = JSONParser(bytes: bytes, file: file)
        parser.slots = slots
        return (try? parser.featureCollection(geographic: geographic, body)) != nil
    }

    /// `forEachFeature` over a file read in chunks of `windowBytes` (`FileWindow`): false also
    /// when it cannot be opened or read, or is not UTF-8 (the general path then says why).
    static func forEachFeature(path: String, geographic: Bool, slots: PropertySlots? = nil, windowBytes: Int,
                               _ body: (GeoJSONFeature, PropertySlots?) -> Void) -> Bool {
        guard let window = FileWindow(path: path, capacity: windowBytes) else { return false }
        var parser = JSONParser(bytes: UnsafeBufferPointer(start: nil, count: 0), file: path)
        parser.window = window
        parser.slots = slots
        return (try? parser.featureCollection(geographic: geographic, body)) != nil
    }

    static func forEachFeature(_ bytes: UnsafeBufferPointer<UInt8>, file: String, geographic: Bool,
                               _ body: (GeoJSONFeature) -> Void) -> Bool {
        forEachFeature(bytes, file: file, geographic: geographic) { feature, _ in body(feature) }
    }

    /// The collection's members are read as `members` reads them, but each step first makes
    /// the window hold what it reads (`ensure`, `ensureValue`), so that a file read in chunks
    /// never needs more than a chunk and one feature at once.
    mutating func featureCollection(geographic: Bool, _ body: (GeoJSONFeature, PropertySlots?) -> Void) throws {
        try skipSpaceAcrossChunks()
        try expect(UInt8(ascii: "{"))
        var hasFeatures = false
        var isCollection = false
        var seen = MemberNames()
        try skipSpaceAcrossChunks()
        if peek == UInt8(ascii: "}") { position += 1 } else {
            while true {
                try ensureValue()
                skipSpace()
                guard peek == UInt8(ascii: "\"") else { throw GiveUp() }
                let key = try memberName()
                try skipSpaceAcrossChunks()
                try expect(UInt8(ascii: ":"))
                try skipSpaceAcrossChunks()
                try seen.insert(key)
                switch key {
                case .features: try featureArray(geographic: geographic, body); hasFeatures = true
                case .type: try ensureValue(); isCollection = try isString("FeatureCollection", depth: 1)
                default: try ensureValue(); _ = try value(depth: 1) // the depths the general parser counts, so that both refuse alike
                }
                try skipSpaceAcrossChunks()
                if peek == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: "}"))
                break
            }
        }
        try skipSpaceAcrossChunks()
        guard position == bytes.count, window?.atEnd ?? true, isCollection, hasFeatures else { throw GiveUp() }
    }

    /// Calls `body` for each member of the object whose `{` was just consumed, positioned at
    /// its value; consumes the closing `}`.
    mutating func members(_ body: (inout JSONParser, MemberName) throws -> Void) throws {
        skipSpace()
        if peek == UInt8(ascii: "}") { position += 1; return }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw GiveUp() }
            let key = try memberName()
            skipSpace()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            try body(&self, key)
            skipSpace()
            if peek == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "}"))
            return
        }
    }

    /// Calls `body` for each element of the array whose `[` is next, positioned at it; gives up
    /// on an empty one when `nonEmpty`.
    mutating func elements(nonEmpty: Bool = false, _ body: (inout JSONParser) throws -> Void) throws {
        try expect(UInt8(ascii: "["))
        skipSpace()
        if peek == UInt8(ascii: "]") {
            guard !nonEmpty else { throw GiveUp() }
            position += 1
            return
        }
        while true {
            skipSpace()
            try body(&self)
            skipSpace()
            if peek == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "]"))
            return
        }
    }

    /// The byte at `position`, or 0 at the end (never a byte the grammar expects there).
    var peek: UInt8 { position < bytes.count ? bytes[position] : 0 }

    mutating func expect(_ byte: UInt8) throws {
        guard peek == byte else { throw GiveUp() }
        position += 1
    }

    /// The features array at `position`, each feature read through the window (`featureInWindow`).
    mutating func featureArray(geographic: Bool, _ body: (GeoJSONFeature, PropertySlots?) -> Void) throws {
        try expect(UInt8(ascii: "["))
        try skipSpaceAcrossChunks()
        if peek == UInt8(ascii: "]") { position += 1; return }
        var count = 0
        while true {
            try skipSpaceAcrossChunks()
            let feature = try featureInWindow(index: count, geographic: geographic)
            body(feature, slots)
            count += 1
            try skipSpaceAcrossChunks()
            if peek == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "]"))
            return
        }
    }

    /// One feature; its members in any order, as RFC 8259 allows.
    mutating func feature(index: Int, geographic: Bool) throws -> GeoJSONFeature {
        slots?.clear() // a feature without `properties` has none, not the previous feature's
        try expect(UInt8(ascii: "{"))
        var isFeature = false
        var properties: [String: JSONValue] = [:]
        var propertyID: JSONValue? = nil // properties.id, when they are read into slots
        var ownID: JSONValue? = nil
        var geometry: GeoJSONGeometry? = nil
        var seen = MemberNames()
        try members { parser, key in
            try seen.insert(key)
            switch key {
            case .type: isFeature = try parser.isString("Feature", depth: 3)
            case .properties where parser.slots != nil:
                propertyID = try parser.slotProperties()
            case .properties:
                switch try parser.value(depth: 3) {
                case .object(let members): properties = members
                case .null: break
                default: throw GiveUp()
                }
            case .id: ownID = try parser.value(depth: 3)
            case .geometry: geometry = try parser.geometry(geographic: geographic)
            default: _ = try parser.value(depth: 3)
            }
        }
        guard isFeature else { throw GiveUp() }
        let id = (slots == nil ? properties["id"] : propertyID)?.idText ?? ownID?.idText
        return GeoJSONFeature(index: index, id: id, geometry: geometry, properties: properties)
    }

    /// A geometry object, or nil for `null`.
    mutating func geometry(geographic: Bool) throws -> GeoJSONGeometry? {
        if peek == UInt8(ascii: "n") { try literal("null"); return nil }
        try expect(UInt8(ascii: "{"))
        var type: GeometryType? = nil
        var coordinates: Coordinates? = nil
        var seen = MemberNames()
        try members { parser, key in
            try seen.insert(key)
            switch key {
            case .type: type = try parser.geometryType()
            case .coordinates: coordinates = try parser.coordinates(geographic: geographic)
            default: _ = try parser.value(depth: 4)
            }
        }
        switch (type, coordinates) {
        case (.point, .position(let p)?): return .point(p)
        case (.lineString, .positions(let line)?): return .lineString(line)
        case (.polygon, .polygon(let polygon)?): return .polygon(polygon)
        case (.multiPolygon, .polygons(let parts)?): return .multiPolygon(MultiPolygon(parts))
        default: throw GiveUp()
        }
    }

    /// Coordinates nested 1 (a position) to 4 (polygons) deep, every array non-empty and of one
    /// depth, every position 2 or 3 numbers that pass `GeoJSONReader.checked`, every ring (at
    /// depths 3 and 4) closed and of at least 4 positions, as `GeoJSONReader.checkRings` asks.
    enum Coordinates {
        case position(XY)
        case positions([XY])
        case polygon(Polygon)
        case polygons([Polygon])
    }

    /// The coordinates at `position`, read straight into their final arrays by their depth
    /// (the `[`s they open with), which the geometry's `type`, before or after, must match.
    mutating func coordinates(geographic: Bool) throws -> Coordinates {
        switch openingDepth() {
        case 1:
            try expect(UInt8(ascii: "["))
            return .position(try positionNumbers(geographic: geographic))
        case 2: return .positions(try positions(geographic: geographic))
        case 3: return .polygon(try polygon(geographic: geographic))
        case 4:
            var parts: [Polygon] = []
            try elements(nonEmpty: true) { parser in parts.append(try parser.polygon(geographic: geographic)) }
            return .polygons(parts)
        default: throw GiveUp()
        }
    }

    /// How many `[` open the value at `position` (spaces between them skipped; 5 for deeper).
    func openingDepth() -> Int {
        var i = position, depth = 0
        while i < bytes.count, depth <= 4 {
            switch bytes[i] {
            case UInt8(ascii: "["): depth += 1
            case 0x20, 0x09, 0x0A, 0x0D: break
            default: return depth
            }
            i += 1
        }
        return depth
    }

    /// A non-empty array of positions, built in the reused scratch and copied once: no
    /// regrowth, no spare capacity kept.
    mutating func positions(geographic: Bool) throws -> [XY] {
        let first = positionScratch.count
        defer { positionScratch.removeSubrange(first...) }
        try elements(nonEmpty: true) { parser in
            try parser.expect(UInt8(ascii: "["))
            parser.positionScratch.append(try parser.positionNumbers(geographic: geographic))
        }
        return Array(positionScratch[first...])
    }

    /// A polygon's rings: the exterior, then any holes.
    mutating func polygon(geographic: Bool) throws -> Polygon {
        var exterior: [XY]? = nil
        var holes: [[XY]] = []
        try elements(nonEmpty: true) { parser in
            let ring = try parser.positions(geographic: geographic)
            guard ring.count >= 4, ring.first == ring.last else { throw GiveUp() }
            if exterior == nil { exterior = ring } else { holes.append(ring) }
        }
        guard let exterior else { throw GiveUp() }
        return Polygon(exterior: exterior, holes: holes)
    }

    /// The numbers of a position whose `[` was consumed, through its `]`.
    mutating func positionNumbers(geographic: Bool) throws -> XY {
        var values: (Double, Double) = (0, 0)
        var count = 0
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "-") || (0x30...0x39).contains(peek) else { throw GiveUp() }
            let value = try number()
            if count == 0 { values.0 = value } else if count == 1 { values.1 = value }
            count += 1
            skipSpace()
            if peek == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "]"))
            break
        }
        guard count == 2 || count == 3 else { throw GiveUp() }
        do { return try GeoJSONReader.checked(XY(values.0, values.1), geographic) } catch { throw GiveUp() }
    }
}

/// A member name the fast path knows, or another.
enum MemberName: Equatable {
    case type, features, properties, id, geometry, coordinates
    case other(String)

    static let known: [(name: StaticString, member: MemberName)] = [
        ("type", .type), ("features", .features), ("properties", .properties), ("id", .id),
        ("geometry", .geometry), ("coordinates", .coordinates),
    ]

    /// The known name spelled by `bytes` (a string's content without escapes), or nil.
    static func known(_ bytes: UnsafeBufferPointer<UInt8>) -> MemberName? {
        let candidate: Int
        switch bytes.count {
        case 4: candidate = 0
        case 8: candidate = bytes.first == UInt8(ascii: "f") ? 1 : 4
        case 10: candidate = 2
        case 2: candidate = 3
        case 11: candidate = 5
        default: return nil
        }
        return JSONParser.equals(bytes, known[candidate].name) ? known[candidate].member : nil
    }

    init(_ text: String) {
        self = Self.known.first { "\($0.name)" == text }?.member ?? .other(text)
    }

    /// The name as text.
    var text: String {
        switch self {
        case .type: "type"
        case .features: "features"
        case .properties: "properties"
        case .id: "id"
        case .geometry: "geometry"
        case .coordinates: "coordinates"
        case .other(let text): text
        }
    }

    var bit: UInt8? {
        switch self {
        case .type: 1
        case .features: 2
        case .properties: 4
        case .id: 8
        case .geometry: 16
        case .coordinates: 32
        case .other: nil
        }
    }
}

/// The geometry types the fast path reads.
enum GeometryType { case point, lineString, polygon, multiPolygon }

extension JSONParser {
    /// The member name at `position` (its `"`): compared as bytes when it has no escape, so
    /// that the names GeoJSON defines make no String.
    mutating func memberName() throws -> MemberName {
        if let content = plainString() {
            position = content.upperBound + 1
            return MemberName.known(slice(content)) ?? .other(String(decoding: slice(content), as: UTF8.self))
        }
        return MemberName(try string())
    }

    /// Whether the value at `position` is the string `expected` (any other value is parsed and
    /// is not).
    mutating func isString(_ expected: StaticString, depth: Int) throws -> Bool {
        if let content = plainString() {
            position = content.upperBound + 1
            return Self.equals(slice(content), expected)
        }
        return try value(depth: depth) == .string("\(expected)")
    }

    /// A geometry's `type`: one the fast path reads, or it gives up.
    mutating func geometryType() throws -> GeometryType {
        let types: [(StaticString, GeometryType)] = [("Point", .point), ("LineString", .lineString), ("Polygon", .polygon), ("MultiPolygon", .multiPolygon)]
        guard let content = plainString(), let type = types.first(where: { Self.equals(slice(content), $0.0) })?.1 else { throw GiveUp() }
        position = content.upperBound + 1
        return type
    }

    /// The content of the string at `position` when it has no escape and no control character
    /// (`position` unmoved), or nil.
    func plainString() -> Range<Int>? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        var end = position + 1
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") { return (position + 1)..<end }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            end += 1
        }
        return nil
    }

    func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }

    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        let expected = text.utf8Start
        for i in 0..<bytes.count where bytes[i] != expected[i] { return false }
        return true
    }
}

/// The member names of one object so far, to refuse a duplicate as the general parser does;
/// no allocation for the names GeoJSON defines.
struct MemberNames {
    private var known: UInt8 = 0
    private var others: [String] = []

    mutating func insert(_ key: MemberName) throws {
        switch key {
        case .other(let name):
            guard !others.contains(name) else { throw JSONParser.GiveUp() }
            others.append(name)
        default:
            let bit = key.bit ?? 0
            guard known & bit == 0 else { throw JSONParser.GiveUp() }
            known |= bit
        }
    }
}
