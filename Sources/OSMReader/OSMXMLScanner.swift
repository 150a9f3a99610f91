extension OSMXMLCheck {
    /// One pass over the bytes, counting lines.
    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0
        var line = 1
        var found: [(line: Int, message: String)] = []
        var sawRoot = false
        /// The current element's remembered attributes (reused from element to element).
        var attributes = Attributes()

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func problems() -> [(line: Int, message: String)] {
            while let next = nextElementStart() {
                let startLine = line
                let name = readElement(from: next)
                if !sawRoot {
                    sawRoot = true
                    if !Self.equals(slice(name), "osm") {
                        let text = self.text(name)
                        let shown = Self.isPlainName(text) ? "the root element is <\(text)>, not <osm>" : "no <osm> root element"
                        found.append((startLine, "not OpenStreetMap XML: \(shown)"))
                        return found
                    }
                    continue
                }
                judge(Element(slice(name)), line: startLine)
            }
            if !sawRoot { found.append((line, "not OpenStreetMap XML: no <osm> element")) }
            return found
        }

        mutating func judge(_ element: Element, line: Int) {
            for attribute in element.required where attributes[attribute] == nil {
                found.append((line, "<\(element)> without '\(attribute.name)' (readosm cannot read it)"))
            }
            guard element == .node else { return }
            for (attribute, word) in [(Attribute.lat, "latitude"), (.lon, "longitude")] {
                if let value = attributes[attribute], !Self.readsAsNumber(slice(value)) {
                    let id = attributes[.id].map(text) ?? "?"
                    found.append((line, "node \(id): \(word) '\(text(value))' is not a number"))
                }
            }
        }

        /// Whether readosm's `atof` reads the whole of a coordinate's text (after the spaces it
        /// and XML skip) as a number; plain decimals are judged on the bytes, the rest by
        /// `Double(String)`.
        static func readsAsNumber(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
            if isPlainDecimal(value) { return true }
            let text = String(decoding: value, as: UTF8.self)
            return Double(text.trimmingCharacters(in: [" ", "\t", "\n", "\r"])) != nil
        }

        /// `-?[0-9]+(.[0-9]+)?`, at most 30 bytes: text that `Double(String)` always accepts.
        static func isPlainDecimal(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
            guard value.count <= 30 else { return false }
            var i = value.first == UInt8(ascii: "-") ? 1 : 0
            func digits() -> Int {
                let from = i
                while i < value.count, value[i] &- 0x30 < 10 { i += 1 }
                return i - from
            }
            guard digits() > 0 else { return false }
            if i < value.count, value[i] == UInt8(ascii: ".") {
                i += 1
                guard digits() > 0 else { return false }
            }
            return i == value.count
        }

        func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }

        func text(_ range: Range<Int>) -> String { String(decoding: slice(range), as: UTF8.self) }

        static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
            guard bytes.count == text.utf8CodeUnitCount else { return false }
            let expected = text.utf8Start
            for i in 0..<bytes.count where bytes[i] != expected[i] { return false }
            return true
        }

        /// Whether `name` is short plain ASCII worth quoting in a message (random bytes are not).
        static func isPlainName(_ name: String) -> Bool {
            !name.isEmpty && name.utf8.count <= 40
                && name.utf8.allSatisfy { $0 < 0x80 && (Character(Unicode.Scalar($0)).isLetter || Character(Unicode.Scalar($0)).isNumber || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".")) }
        }

        /// The index just after the `<` of the next element start, skipping everything else.
        mutating func nextElementStart() -> Int? {
            while at < bytes.count {
                let b = bytes[at]
                at += 1
                if b == 0x0A { line += 1; continue }
                guard b == UInt8(ascii: "<"), at < bytes.count else { continue }
                switch bytes[at] {
                case UInt8(ascii: "?"): skip(past: "?>")
                case UInt8(ascii: "!"):
                    if starts(with: "!--") { skip(past: "-->") } else if starts(with: "![CDATA[") { skip(past: "]]>") } else { skip(past: ">") }
                case UInt8(ascii: "/"): skip(past: ">")
                default: return at
                }
            }
            return nil
        }

        /// Reads the element starting at `start`: its name is returned, the attributes the rules
        /// need are left in `attributes`, and `at` moves past its `>`.
        mutating func readElement(from start: Int) -> Range<Int> {
            at = start
            let name = readName()
            attributes.clear()
            while at < bytes.count {
                skipSpace()
                guard at < bytes.count else { break }
                let b = bytes[at]
                if b == UInt8(ascii: ">") { at += 1; break }
                if b == UInt8(ascii: "/") { at += 1; continue }
                let keyName = readName()
                guard !keyName.isEmpty else { at += 1; continue }
                let key = Attribute(slice(keyName))
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "=") else {
                    if let key { attributes[key] = at..<at }
                    continue
                }
                at += 1
                skipSpace()
                guard at < bytes.count else { break }
                let quote = bytes[at]
                guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { continue }
                at += 1
                let valueStart = at
                while at < bytes.count, bytes[at] != quote {
                    if bytes[at] == 0x0A { line += 1 }
                    at += 1
                }
                if let key { attributes[key] = valueStart..<at }
                at += 1
            }
            return name
        }

        /// The bytes up to the next `>`, `/`, `=` or space.
        mutating func readName() -> Range<Int> {
            let start = at
            while at < bytes.count {
                let b = bytes[at]
                if b == UInt8(ascii: ">") || b == UInt8(ascii: "/") || b == UInt8(ascii: "=") || b == 0x20 || b == 0x09
                    || b == 0x0A || b == 0x0D { break }
                at += 1
            }
            return start..<at
        }

        mutating func skipSpace() {
            while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x09 || bytes[at] == 0x0A || bytes[at] == 0x0D {
                if bytes[at] == 0x0A { line += 1 }
                at += 1
            }
        }

        func starts(with text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            return at + count <= bytes.count && Self.equals(slice(at..<at + count), text)
        }

        mutating func skip(past end: StaticString) {
            let first = end.utf8Start[0]
            while at < bytes.count {
                let b = bytes[at]
                if b == 0x0A { line += 1 } else if b == first, starts(with: end) {
                    at += end.utf8CodeUnitCount
                    return
                }
                at += 1
            }
        }
    }
}
