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
        var parser = JSONParser(bytes: bytes, file: file)
        return try? parser.featureCollection(geographic: geographic)
    }

    mutating func featureCollection(geographic: Bool) throws -> [GeoJSONFeature] {
        skipSpace()
        try expect(UInt8(ascii: "{"))
        var features: [GeoJSONFeature]? = nil
        var isCollection = false
        var seen = MemberNames()
        try members { parser, key in
            try seen.insert(key)
            switch key {
            case "type": isCollection = try parser.value(depth: 1) == .string("FeatureCollection")
            case "features": features = try parser.featureArray(geographic: geographic)
            default: _ = try parser.value(depth: 1) // the depths the general parser counts, so that both refuse alike
            }
        }
        skipSpace()
        guard position == bytes.count, isCollection, let features else { throw GiveUp() }
        return features
    }

    /// Calls `body` for each member of the object whose `{` was just consumed, positioned at
    /// its value; consumes the closing `}`.
    mutating func members(_ body: (inout JSONParser, String) throws -> Void) throws {
        skipSpace()
        if peek == UInt8(ascii: "}") { position += 1; return }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw GiveUp() }
            let key = try string()
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

    /// Calls `body` for each element of the array whose `[` is next, positioned at it.
    mutating func elements(_ body: (inout JSONParser) throws -> Void) throws {
        try expect(UInt8(ascii: "["))
        skipSpace()
        if peek == UInt8(ascii: "]") { position += 1; return }
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

    mutating func featureArray(geographic: Bool) throws -> [GeoJSONFeature] {
        var out: [GeoJSONFeature] = []
        try elements { parser in
            out.append(try parser.feature(index: out.count, geographic: geographic))
        }
        return out
    }

    /// One feature; its members in any order, as RFC 8259 allows.
    mutating func feature(index: Int, geographic: Bool) throws -> GeoJSONFeature {
        try expect(UInt8(ascii: "{"))
        var isFeature = false
        var properties: [String: JSONValue] = [:]
        var ownID: JSONValue? = nil
        var geometry: GeoJSONGeometry? = nil
        var seen = MemberNames()
        try members { parser, key in
            try seen.insert(key)
            switch key {
            case "type": isFeature = try parser.value(depth: 3) == .string("Feature")
            case "properties":
                switch try parser.value(depth: 3) {
                case .object(let members): properties = members
                case .null: break
                default: throw GiveUp()
                }
            case "id": ownID = try parser.value(depth: 3)
            case "geometry": geometry = try parser.geometry(geographic: geographic)
            default: _ = try parser.value(depth: 3)
            }
        }
        guard isFeature else { throw GiveUp() }
        let id = properties["id"]?.idText ?? ownID?.idText
        return GeoJSONFeature(index: index, id: id, geometry: geometry, properties: properties)
    }

    /// A geometry object, or nil for `null`.
    mutating func geometry(geographic: Bool) throws -> GeoJSONGeometry? {
        if peek == UInt8(ascii: "n") { try literal("null"); return nil }
        try expect(UInt8(ascii: "{"))
        var type: String? = nil
        var coordinates: Coordinates? = nil
        var seen = MemberNames()
        try members { parser, key in
            try seen.insert(key)
            switch key {
            case "type":
                guard case .string(let text) = try parser.value(depth: 4) else { throw GiveUp() }
                type = text
            case "coordinates": coordinates = try parser.coordinates(geographic: geographic)
            default: _ = try parser.value(depth: 4)
            }
        }
        switch (type, coordinates) {
        case ("Point", .position(let p)?): return .point(p)
        case ("LineString", .positions(let line)?): return .lineString(line)
        case ("Polygon", .rings(let rings)?):
            return .polygon(try Self.polygon(rings))
        case ("MultiPolygon", .polygons(let parts)?):
            return .multiPolygon(MultiPolygon(try parts.map(Self.polygon)))
        default: throw GiveUp()
        }
    }

    static func polygon(_ rings: [[XY]]) throws -> Polygon {
        do { try GeoJSONReader.checkRings(rings) } catch { throw GiveUp() }
        return Polygon(exterior: rings[0], holes: Array(rings.dropFirst()))
    }

    /// Coordinates nested 1 (a position) to 4 (polygons) deep, every array non-empty and of one
    /// depth, every position 2 or 3 numbers that pass `GeoJSONReader.checked`.
    enum Coordinates {
        case position(XY)
        case positions([XY])
        case rings([[XY]])
        case polygons([[[XY]]])
    }

    mutating func coordinates(geographic: Bool, depth: Int = 1) throws -> Coordinates {
        guard depth <= 4 else { throw GiveUp() }
        try expect(UInt8(ascii: "["))
        skipSpace()
        if peek != UInt8(ascii: "[") { return .position(try positionNumbers(geographic: geographic)) }
        var first: Coordinates? = nil
        var positions: [XY] = [], rings: [[XY]] = [], polygons: [[[XY]]] = []
        while true {
            skipSpace()
            let item = try coordinates(geographic: geographic, depth: depth + 1)
            switch (first, item) {
            case (nil, _), (.position?, .position), (.positions?, .positions), (.rings?, .rings): first = first ?? item
            default: throw GiveUp()
            }
            switch item {
            case .position(let p): positions.append(p)
            case .positions(let line): rings.append(line)
            case .rings(let parts): polygons.append(parts)
            case .polygons: throw GiveUp()
            }
            skipSpace()
            if peek == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "]"))
            break
        }
        switch first {
        case .position?: return .positions(positions)
        case .positions?: return .rings(rings)
        case .rings?: return .polygons(polygons)
        default: throw GiveUp()
        }
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

/// The member names of one object so far, to refuse a duplicate as the general parser does;
/// no allocation for the names GeoJSON defines.
struct MemberNames {
    private var known: UInt8 = 0
    private var others: [String] = []
    private static let names = ["type", "features", "properties", "id", "geometry", "coordinates"]

    mutating func insert(_ key: String) throws {
        if let k = Self.names.firstIndex(of: key) {
            guard known & (1 << k) == 0 else { throw JSONParser.GiveUp() }
            known |= 1 << k
        } else {
            guard !others.contains(key) else { throw JSONParser.GiveUp() }
            others.append(key)
        }
    }
}
