import Foundation
import Model
import Testing
import TestSupport
@testable import OSMReader

/// The byte-level `OSMXMLCheck` scan beside a plain reference: the scan it replaced (a String
/// and a dictionary of attributes per element), with the coordinate rule that both now share.
/// Both must find the same problems, with the same lines and messages, on real files and on
/// thousands of seeded mutations of a small extract.
@Suite struct XMLCheckReferenceTests {
    static let sample = """
        <?xml version='1.0' encoding='UTF-8'?>
        <!-- a <node> in a comment -->
        <osm version="0.6" generator="hand">
          <bounds minlat="42.5" minlon="1.5" maxlat="42.6" maxlon="1.6"/>
          <node id="1" lat="42.5" lon="1.5"/>
          <node id='2' lat='-42.51' lon='1.51' version="1"><tag k="name" v="a &gt; b"/></node>
          <node id="3"
                lat="42.52" lon="1.52"/>
          <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/></way>
          <relation id="20"><member type="way" ref="10" role="outer"/><tag k="type" v="multipolygon"/></relation>
          <![CDATA[<tag>]]><?pi <node?>
        </osm>

        """

    /// Seeded edits of the sample: a byte removed, or one of the scan's special bytes put in.
    static func mutations(count: Int) -> [[UInt8]] {
        var random = SplitMix(seed: 15)
        let base = Array(sample.utf8)
        let inserts: [[UInt8]] = ["<", ">", "/", "=", "\"", "'", " ", "\n", "<!--", "-->", "<?", "?>", "<![CDATA[", "]]>",
                                  "lat", "id", "k", "x", "\u{3000}", "nan", "-", ".", "1e5"].map { Array($0.utf8) }
        return (0..<count).map { _ in
            var bytes = base
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let at = Int(random.next() % UInt64(bytes.count))
                if random.next() % 2 == 0 { bytes.remove(at: at) } else {
                    bytes.insert(contentsOf: inserts[Int(random.next() % UInt64(inserts.count))], at: at)
                }
            }
            return bytes
        }
    }

    static func bothScans(_ bytes: [UInt8]) -> (scan: [String], reference: [String]) {
        bytes.withUnsafeBufferPointer { buffer in
            var reference = ReferenceScanner(bytes: buffer)
            return (OSMXMLCheck.problems(in: buffer).map { "\($0.line): \($0.message)" },
                    reference.problems().map { "\($0.line): \($0.message)" })
        }
    }

    @Test func mutatedExtractsGiveTheReferenceProblems() {
        var withProblems = 0
        for bytes in Self.mutations(count: 4000) {
            let (scan, reference) = Self.bothScans(bytes)
            #expect(scan == reference, "\(String(decoding: bytes, as: UTF8.self))")
            if !reference.isEmpty { withProblems += 1 }
        }
        #expect(withProblems > 400) // the mutations do reach the rules
    }

    @Test(arguments: ["synthetic-small", "andorra-la-vella", "monaco"])
    func sampleRoadsGiveTheReferenceProblems(_ sample: String) throws {
        let url = Paths.repo.appendingPathComponent("GeoData/\(sample)/roads.osm")
        let bytes = [UInt8](try Data(contentsOf: url))
        var edited = bytes
        // Every 97th `lat="` becomes `lat="x`: many bad nodes in a real file.
        let pattern = Array("lat=\"".utf8)
        var hits = 0, i = 0
        while i + pattern.count <= edited.count {
            if edited[i..<i + pattern.count].elementsEqual(pattern) {
                hits += 1
                if hits % 97 == 0 { edited.insert(UInt8(ascii: "x"), at: i + pattern.count) }
            }
            i += 1
        }
        let clean = Self.bothScans(bytes), broken = Self.bothScans(edited)
        #expect(clean.scan == [] && clean.reference == [])
        #expect(broken.scan == broken.reference)
        #expect(broken.scan.count == hits / 97)
    }
}

/// A seeded generator (SplitMix64), so that the mutations are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The plain scan: element names and attributes as Strings, attributes in a dictionary.
struct ReferenceScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0
    var line = 1
    var found: [(line: Int, message: String)] = []
    var sawRoot = false
    static let required: [String: [String]] = [
        "node": ["id"], "way": ["id"], "relation": ["id"],
        "nd": ["ref"], "tag": ["k", "v"], "member": ["type", "ref", "role"],
    ]

    mutating func problems() -> [(line: Int, message: String)] {
        while let next = nextElementStart() {
            let (name, attributes, startLine) = readElement(from: next)
            if !sawRoot {
                sawRoot = true
                if name != "osm" {
                    let shown = OSMXMLCheck.Scanner.isPlainName(name) ? "the root element is <\(name)>, not <osm>" : "no <osm> root element"
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
        for key in Self.required[name] ?? [] where attributes[key] == nil {
            found.append((line, "<\(name)> without '\(key)' (readosm cannot read it)"))
        }
        guard name == "node" else { return }
        for (key, word) in [("lat", "latitude"), ("lon", "longitude")] {
            if let text = attributes[key], Double(text.trimmingCharacters(in: [" ", "\t", "\n", "\r"])) == nil {
                found.append((line, "node \(attributes["id"] ?? "?"): \(word) '\(text)' is not a number"))
            }
        }
    }

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
