import Model

/// The properties a reader takes from each feature, by name, in slots instead of a dictionary
/// per feature: a million-cell population layer's reading spent a third of its time hashing
/// property names and making dictionaries. The other properties are checked as the general
/// path checks them (valid JSON, no name twice) and dropped.
public struct PropertySlots: Sendable {
    /// The names taken, in slot order (at most 62, none twice).
    public let names: [String]
    /// The values of the current feature (nil: absent).
    var values: [JSONValue?]

    /// The names' bytes one after the other, to compare a plain ASCII member name with, and
    /// where each starts (one more: the end).
    let nameBytes: [UInt8]
    let nameStarts: [Int]

    public init(names: [String]) {
        precondition(names.count <= 62 && Set(names).count == names.count && names.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } },
                     "at most 62 distinct ASCII property names")
        self.names = names
        nameBytes = names.flatMap { Array($0.utf8) }
        nameStarts = names.reduce(into: [0]) { starts, name in starts.append(starts[starts.count - 1] + name.utf8.count) }
        values = Array(repeating: nil, count: names.count)
    }

    /// The slot of the name spelled by `bytes` (plain ASCII), or nil.
    func slot(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        for k in 0..<names.count where nameStarts[k + 1] - nameStarts[k] == bytes.count {
            var i = 0
            while i < bytes.count, nameBytes[nameStarts[k] + i] == bytes[i] { i += 1 }
            if i == bytes.count { return k }
        }
        return nil
    }

    /// Empties every slot, for the next feature (one without `properties` has none).
    mutating func clear() {
        for k in values.indices { values[k] = nil }
    }

    /// The slots of a feature read with a dictionary of its properties.
    public init(names: [String], from properties: [String: JSONValue]) {
        self.init(names: names)
        for (k, name) in names.enumerated() { values[k] = properties[name] }
    }

    /// The value of property `name` (one of `names`; any other is absent).
    public subscript(name: String) -> JSONValue? {
        guard let k = names.firstIndex(of: name) else { return nil }
        return values[k]
    }
}

extension JSONParser {
    /// A feature's `properties` (an object or `null`) read into `slots`, names compared as
    /// Strings are (so `"\u0070op"` is `pop`); gives up on a name given twice, as the general
    /// path refuses it. Returns `properties.id`, which names the feature.
    mutating func slotProperties() throws -> JSONValue? {
        guard var slots else { throw GiveUp() }
        self.slots = nil // uniquely referenced while filled: no copy
        defer { self.slots = slots }
        slots.clear()
        if peek == UInt8(ascii: "n") { try literal("null"); return nil }
        try expect(UInt8(ascii: "{"))
        var id: JSONValue? = nil
        var filled: UInt64 = 0 // bit k: slot k; bit 63: id
        var others: [String] = []
        skipSpace()
        if peek == UInt8(ascii: "}") { position += 1; return nil }
        while true {
            skipSpace()
            let (isID, slot, other) = try propertyName(slots)
            skipSpace()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            let value = try self.value(depth: 4)
            if let other {
                guard !others.contains(other) else { throw GiveUp() }
                others.append(other)
            }
            if isID {
                guard filled & (1 << 63) == 0 else { throw GiveUp() }
                filled |= 1 << 63
                id = value
            }
            if let slot {
                guard filled & (1 << UInt64(slot)) == 0 else { throw GiveUp() }
                filled |= 1 << UInt64(slot)
                slots.values[slot] = value
            }
            skipSpace()
            if peek == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "}"))
            return id
        }
    }

    /// The property name at `position`: `id`, one of the slots' names, or another (its text).
    /// A plain ASCII name is compared as bytes; any other becomes a String first.
    mutating func propertyName(_ slots: PropertySlots) throws -> (isID: Bool, slot: Int?, other: String?) {
        guard peek == UInt8(ascii: "\"") else { throw GiveUp() }
        if let content = plainString(), slice(content).allSatisfy({ $0 < 0x80 }) {
            position = content.upperBound + 1
            let bytes = slice(content)
            let isID = Self.equals(bytes, "id"), slot = slots.slot(of: bytes)
            return (isID, slot, isID || slot != nil ? nil : String(decoding: bytes, as: UTF8.self))
        }
        let name = try string()
        let isID = name == "id", slot = slots.names.firstIndex(of: name)
        return (isID, slot, isID || slot != nil ? nil : name)
    }
}
