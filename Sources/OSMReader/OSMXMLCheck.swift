import Foundation
import Model

/// Checks an OSM XML file for what readosm cannot survive or silently misreads, before readosm
/// sees it: readosm calls `strlen` on a `<tag>` without `k` or `v` and on a `<member>` without
/// `role` (a segmentation fault, found by fuzzing), reads `lat="north"` as 0 (`atof`), and
/// accepts XML whose root is not `<osm>` as an empty extract. Every such element is reported
/// as `file:LINE: ...` (the first 50, then a count).
///
/// The scan is a plain pass over the bytes: element starts and their attributes only (text,
/// comments, processing instructions, CDATA and end tags are skipped); well-formedness is left
/// to readosm's XML parser.
enum OSMXMLCheck {
    static let listed = 50

    /// Attributes each element must carry for readosm to read it safely.
    static let required: [String: [String]] = [
        "node": ["id"], "way": ["id"], "relation": ["id"],
        "nd": ["ref"], "tag": ["k", "v"], "member": ["type", "ref", "role"],
    ]

    static func check(path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw InputError(.ioError, file: path, .file, "cannot be read: \(error.localizedDescription)")
        }
        let problems = data.withUnsafeBytes { raw in
            var scanner = Scanner(bytes: raw.bindMemory(to: UInt8.self))
            return scanner.problems()
        }
        guard !problems.isEmpty else { return }
        var errors = problems.prefix(listed).map { InputError(.badData, file: path, .line($0.line), $0.message) }
        if problems.count > listed {
            errors.append(InputError(.badData, file: path, .file, "... and \(problems.count - listed) more elements readosm cannot read"))
        }
        throw InputErrors(errors)
    }

    /// One pass over the bytes, counting lines.
    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0
        var line = 1
        var found: [(line: Int, message: String)] = []
        var sawRoot = false

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func problems() -> [(line: Int, message: String)] {
            while let next = nextElementStart() {
                let (name, attributes, startLine) = readElement(from: next)
                if !sawRoot {
                    sawRoot = true
                    if name != "osm" {
                        let shown = Self.isPlainName(name) ? "the root element is <\(name)>, not <osm>" : "no <osm> root element"
                        found.append((startLine, "not OpenStreetMap XML: \(shown)"))
                        return found
                    }
                    continue
                }
                judge(name, attributes, line: startLine)
            }
            if !sawRoot { found.append((line, "not OpenStreetMap XML: no <osm> element")) }
            return found
        }

        mutating func judge(_ name: String, _ attributes: [String: String], line: Int) {
            for key in Self.requiredKeys(name) where attributes[key] == nil {
                found.append((line, "<\(name)> without '\(key)' (readosm cannot read it)"))
            }
            guard name == "node" else { return }
            for (key, word) in [("lat", "latitude"), ("lon", "longitude")] {
                if let text = attributes[key], Double(text.trimmingCharacters(in: .whitespaces)) == nil {
                    found.append((line, "node \(attributes["id"] ?? "?"): \(word) '\(text)' is not a number"))
                }
            }
        }

        static func requiredKeys(_ name: String) -> [String] { OSMXMLCheck.required[name] ?? [] }

        /// Whether `name` is short plain ASCII worth quoting in a message (random bytes are not).
        static func isPlainName(_ name: String) -> Bool {
            !name.isEmpty && name.utf8.count <= 40
                && name.utf8.allSatisfy { $0 < 0x80 && (Character(Unicode.Scalar($0)).isLetter || Character(Unicode.Scalar($0)).isNumber || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".")) }
        }

        /// The index just after the `<` of the next element start, skipping everything else.
        mutating func nextElementStart() -> Int? {
            while at < bytes.count {
                let b = bytes[at]
                if b == 0x0A { line += 1 }
                at += 1
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

        /// The element's name and attributes; `at` moves past its `>`.
        mutating func readElement(from start: Int) -> (String, [String: String], Int) {
            let startLine = line
            at = start
            let name = readName()
            var attributes: [String: String] = [:]
            while at < bytes.count {
                skipSpace()
                guard at < bytes.count else { break }
                let b = bytes[at]
                if b == UInt8(ascii: ">") { at += 1; break }
                if b == UInt8(ascii: "/") { at += 1; continue }
                let key = readName()
                guard !key.isEmpty else { at += 1; continue }
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "=") else { attributes[key] = ""; continue }
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
                attributes[key] = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<at]), as: UTF8.self)
                at += 1
            }
            return (name, attributes, startLine)
        }

        mutating func readName() -> String {
            let start = at
            while at < bytes.count {
                let b = bytes[at]
                if b == UInt8(ascii: ">") || b == UInt8(ascii: "/") || b == UInt8(ascii: "=") || b == 0x20 || b == 0x09
                    || b == 0x0A || b == 0x0D { break }
                at += 1
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
        }

        mutating func skipSpace() {
            while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x09 || bytes[at] == 0x0A || bytes[at] == 0x0D {
                if bytes[at] == 0x0A { line += 1 }
                at += 1
            }
        }

        func starts(with text: String) -> Bool {
            let pattern = Array(text.utf8)
            guard at + pattern.count <= bytes.count else { return false }
            return (0..<pattern.count).allSatisfy { bytes[at + $0] == pattern[$0] }
        }

        mutating func skip(past end: String) {
            let pattern = Array(end.utf8)
            while at < bytes.count {
                if bytes[at] == 0x0A { line += 1 }
                if bytes[at] == pattern[0], at + pattern.count <= bytes.count,
                   (0..<pattern.count).allSatisfy({ bytes[at + $0] == pattern[$0] }) {
                    at += pattern.count
                    return
                }
                at += 1
            }
        }
    }
}
