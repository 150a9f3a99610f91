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

        /// The element's problems into `found`: a required attribute missing, a node's
        /// coordinate that is not a number. Runs once per element, so it allocates nothing
        /// unless there is a problem to word.
        mutating func judge(_ element: Element, line: Int) {
            switch element {
            case .node, .way, .relation: require(.id, of: element, line: line)
            case .nd: require(.ref, of: element, line: line)
            case .tag: require(.k, of: element, line: line); require(.v, of: element, line: line)
            case .member:
                require(.type, of: element, line: line); require(.ref, of: element, line: line)
                require(.role, of: element, line: line)
            case .other: return
            }
            guard element == .node else { return }
            requireNumber(.lat, "latitude", line: line)
            requireNumber(.lon, "longitude", line: line)
        }

        mutating func require(_ attribute: Attribute, of element: Element, line: Int) {
            guard attributes[attribute] == nil else { return }
            found.append((line, "<\(element)> without '\(attribute.name)' (readosm cannot read it)"))
        }

        mutating func requireNumber(_ attribute: Attribute, _ word: String, line: Int) {
            guard let value = attributes[attribute], !Self.readsAsNumber(slice(value)) else { return }
            let id = attributes[.id].map(text) ?? "?"
            found.append((line, "node \(id): \(word) '\(text(value))' is not a number"))
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

        @inline(__always)
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
        /// need are left in `attributes`, and `at` moves past its `>`. The position and the line
        /// are kept in locals while the element is read (this runs once per element of the file).
        mutating func readElement(from start: Int) -> Range<Int> {
            var cursor = Cursor(at: start, line: line)
            defer { at = cursor.at; line = cursor.line }
            let name = cursor.readName(bytes)
            attributes.clear()
            if name.count == 2, Self.equals(slice(name), "nd"), let ref = cursor.plainRef(bytes) {
                attributes[.ref] = ref
                return name
            }
            let count = bytes.count
            while cursor.at < count {
                cursor.skipSpace(bytes)
                guard cursor.at < count else { break }
                let b = bytes[cursor.at]
                if b == UInt8(ascii: ">") { cursor.at += 1; break }
                if b == UInt8(ascii: "/") { cursor.at += 1; continue }
                let keyName = cursor.readName(bytes)
                guard !keyName.isEmpty else { cursor.at += 1; continue }
                let key = Attribute(slice(keyName))
                cursor.skipSpace(bytes)
                guard cursor.at < count, bytes[cursor.at] == UInt8(ascii: "=") else {
                    if let key { attributes[key] = cursor.at..<cursor.at }
                    continue
                }
                cursor.at += 1
                cursor.skipSpace(bytes)
                guard cursor.at < count else { break }
                let quote = bytes[cursor.at]
                guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { continue }
                cursor.at += 1
                let valueStart = cursor.at
                cursor.skip(to: quote, bytes)
                if let key { attributes[key] = valueStart..<cursor.at }
                cursor.at += 1
            }
            return name
        }

        /// A position in the bytes and its line, as one element is read.
        struct Cursor {
            var at: Int
            var line: Int

            /// Bytes that end a name: `>`, `/`, `=` and the spaces (all below 64: one bit each).
            static var nameEnds: UInt64 { 1 << 0x3E | 1 << 0x2F | 1 << 0x3D | spaces }
            static var spaces: UInt64 { 1 << 0x20 | 1 << 0x09 | 1 << 0x0A | 1 << 0x0D }

            @inline(__always)
            static func isIn(_ set: UInt64, _ b: UInt8) -> Bool { b < 64 && (set >> UInt64(b)) & 1 != 0 }

            /// The bytes up to the next `>`, `/`, `=` or space.
            @inline(__always)
            mutating func readName(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
                let start = at
                while at < bytes.count, !Self.isIn(Self.nameEnds, bytes[at]) { at += 1 }
                return start..<at
            }

            @inline(__always)
            mutating func skipSpace(_ bytes: UnsafeBufferPointer<UInt8>) {
                while at < bytes.count, Self.isIn(Self.spaces, bytes[at]) {
                    if bytes[at] == 0x0A { line += 1 }
                    at += 1
                }
            }

            /// After `<nd`: ` ref="`, digits, `"/>` as OpenStreetMap files write a way's node
            /// (most of a road file's elements), read in one go: the value's range, the cursor past
            /// the `>`, as the general loop would leave them. Nil, nothing moved, for any other shape.
            mutating func plainRef(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
                var i = at + 6
                guard i <= bytes.count, Scanner.equals(UnsafeBufferPointer(rebasing: bytes[at..<i]), " ref=\"") else { return nil }
                let start = i
                while i < bytes.count, bytes[i] &- 0x30 < 10 { i += 1 }
                guard i > start, i + 3 <= bytes.count, bytes[i] == UInt8(ascii: "\""), bytes[i + 1] == UInt8(ascii: "/"),
                      bytes[i + 2] == UInt8(ascii: ">") else { return nil }
                at = i + 3
                return start..<i
            }

            /// On to the next `quote` (or the end), counting lines.
            @inline(__always)
            mutating func skip(to quote: UInt8, _ bytes: UnsafeBufferPointer<UInt8>) {
                while at < bytes.count {
                    let b = bytes[at]
                    if b == quote { return }
                    if b == 0x0A { line += 1 }
                    at += 1
                }
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
