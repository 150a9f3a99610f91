import Foundation
import Testing
import Model
@testable import Formats

/// The plain scan (`PlainFeatureScan`, the population reader's kernel) against the fast path's
/// general code (`JSONParser.feature`) on the same feature: where the scan reads a feature it
/// gives the same feature, the same slot values and ends at the same byte; on grid cells it
/// does read them (else it would only cost).
@Suite struct PlainFeatureScanTests {
    static let names = ["pop", "elderly", "digital", "establishments"]

    struct Read: Equatable {
        var feature: String
        var slots: [JSONValue?]
        var end: Int
    }

    static func describe(_ f: GeoJSONFeature) -> String {
        "\(f.index) \(f.id ?? "-") \(String(describing: f.geometry)) \(f.properties.count)"
    }

    /// The feature `text` holds, read by the plain scan (`plain`) or by the general code.
    static func read(_ text: String, plain: Bool, geographic: Bool = true) -> Read? {
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer, file: "f")
            parser.slots = PropertySlots(names: names)
            parser.slots?.values = [.number(99), .string("stale"), nil, .bool(true)] // what a previous feature left
            let feature = plain ? parser.plainFeature(index: 3, geographic: geographic) : try? parser.feature(index: 3, geographic: geographic)
            return feature.map { Read(feature: describe($0), slots: parser.slots?.values ?? [], end: parser.position) }
        }
    }

    static let cell = #"{"type":"Feature","properties":{"id":"c00001","pop":59,"elderly":0.091,"digital":0.805},"geometry":{"type":"MultiPolygon","coordinates":[[[[113.6878385,22.3491257],[113.6888111,22.3491257],[113.6888111,22.35003],[113.6878385,22.35003],[113.6878385,22.3491257]]]]}}"#

    /// Shapes the scan reads itself.
    static let plainCases: [String] = [
        cell,
        cell + ",\n" + cell,
        #"{"type":"Feature","properties":{"id":"c2","pop":0,"digital":-0.0,"name":"A é","flag":true,"x":null},"geometry":{"type":"Polygon","coordinates":[[[7,45],[7.001,45],[7.001,45.001],[7,45.001],[7,45]],[[7.0002,45.0002],[7.0004,45.0002],[7.0004,45.0004],[7.0002,45.0002]]]}}"#,
        #"{ "geometry" : { "type" : "Point" , "coordinates" : [ -180 , 90 , 310.5 ] } , "id" : 7 , "properties" : null , "type" : "Feature" }"#,
        #"{"type":"Feature","id":"own","properties":{"id":12.0,"pop":1234567890123456789,"elderly":0.12345678901234567},"geometry":null}"#,
        #"{"type":"Feature","id":"own","properties":{"id":true},"geometry":null}"#,
        #"{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]]]]}}"#,
        #"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[0.12345678901234567,1]}}"#,
    ]

    @Test(arguments: plainCases)
    func plainScanGivesTheGeneralCodesFeature(_ text: String) throws {
        let plain = try #require(Self.read(text, plain: true), "the scan reads it")
        #expect(plain == Self.read(text, plain: false))
    }

    /// Seeded mutations of a grid cell (a byte replaced, dropped or doubled): where the scan
    /// still reads the feature, the general code reads the same; where it gives up, nothing moved.
    @Test func mutatedCellsReadAsByTheGeneralCode() throws {
        var generator = SeededGenerator(seed: 4)
        let bytes = Array(Self.cell.utf8)
        let alphabet = Array(#"0123456789-.eE+"\ ,:[]{}ntfx"#.utf8) + [0x0A, 0x01, 0xC3]
        var plainReads = 0, generalOnly = 0
        for _ in 0..<4000 {
            var mutated = bytes
            for _ in 0..<Int.random(in: 1...2, using: &generator) {
                let at = Int.random(in: 0..<mutated.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: mutated[at] = alphabet.randomElement(using: &generator) ?? 0x30
                case 1: mutated.remove(at: at)
                default: mutated.insert(mutated[at], at: at)
                }
            }
            let text = String(decoding: mutated, as: UTF8.self)
            let general = Self.read(text, plain: false)
            if let plain = Self.read(text, plain: true) {
                plainReads += 1
                #expect(plain == general, "\(text)")
            } else if general != nil {
                generalOnly += 1
            }
        }
        #expect(plainReads > 500) // many mutated numbers and names still read
        #expect(generalOnly > 0)   // exponents, escapes and the like are left to the general code
    }

    /// Every number the scan converts is `Double(String)`'s (and the general code's).
    @Test func numbersAreTheStandardLibrarysDoubles() throws {
        var generator = SeededGenerator(seed: 16)
        var texts = ["0", "-0", "0.5", "7", "12345678", "123456789", "113.9245274", "-22.5287215", "9007199254740991", "0.30000000000000004",
                     "1234567890123456789", "0.0000000000000000000001", "99999999.99999999"]
        for _ in 0..<4000 {
            let largest = Int.random(in: 0...6, using: &generator) == 0 ? 999_999_999 : 179
            let integer = String(Int.random(in: 0...largest, using: &generator))
            let fraction = String((0..<Int.random(in: 0...18, using: &generator)).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            texts.append((Bool.random(using: &generator) ? "-" : "") + integer + (fraction.isEmpty ? "" : "." + fraction))
        }
        var read = 0
        for text in texts {
            let feature = #"{"type":"Feature","properties":{"pop":\#(text)},"geometry":null}"#
            guard let plain = Self.read(feature, plain: true) else { continue }
            read += 1
            #expect(plain.slots[0] == .number(try #require(Double(text))), "\(text)")
            #expect(plain == Self.read(feature, plain: false), "\(text)")
        }
        #expect(read > 3400) // all but those past 19 digits
    }

    /// The eight-byte digit step against a digit at a time, on words of digits and the bytes
    /// that end a number (and the ones around `0`…`9`).
    @Test func leadingDigitsAreTheDigitsOneByOne() {
        var generator = SeededGenerator(seed: 8)
        let bytes: [UInt8] = Array("0123456789.,]e-/:".utf8) + [0x00, 0x2F, 0x3A, 0x80, 0xB9, 0xFF]
        for _ in 0..<20000 {
            let word = (0..<8).map { _ in Int.random(in: 0..<3, using: &generator) == 0 ? bytes.randomElement(using: &generator) ?? 0 : UInt8(0x30 + Int.random(in: 0...9, using: &generator)) }
            var value: UInt64 = 0, count = 0
            while count < 8, word[count] >= 0x30, word[count] <= 0x39 { value = value * 10 + UInt64(word[count] - 0x30); count += 1 }
            let packed = word.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            let step = PlainFeatureScan.leadingDigits(packed)
            #expect(step.count == count && step.value == value, "\(word)")
        }
    }

    /// A feature without `properties` has none in its slots, as the general path gives it:
    /// not the previous feature's.
    @Test func aFeatureWithoutPropertiesHasEmptySlots() throws {
        let first = #"{"type":"Feature","properties":{"id":"a","pop":5},"geometry":{"type":"Point","coordinates":[7,45]}}"#
        let second = #"{"type":"Feature","id":"b","geometry":{"type":"Point","coordinates":[7,45]}}"#
        for text in [#"{"type":"FeatureCollection","features":[\#(first),\#(second)]}"#,
                     #"{"type":"FeatureCollection","features":[\#(first),\#(second.replacingOccurrences(of: "7,45", with: "7,45.0e0"))]}"#] {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("plain-\(UUID().uuidString).geojson")
            try Data(text.utf8).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            var pops: [String] = [], problems: [InputError] = []
            try GeoJSONReader.forEach(path: url.path, properties: ["pop"], problems: &problems, restart: { pops.removeAll() }) { f, slots in
                pops.append("\(f.id ?? "-") \(slots["pop"].map { "\($0)" } ?? "none")")
            }
            #expect(pops == ["a number(5.0)", "b none"])
        }
    }
}
