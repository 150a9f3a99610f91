import Foundation
import Testing
import Model
@testable import Formats

/// The one-pass fast path of `GeoJSONReader.read` against the general path (parse the whole
/// document, then walk the tree): same features where it applies, and where it gives up (a
/// problem, an unusual shape), `read` says what the general path says.
@Suite struct FeatureCollectionParserTests {
    struct Outcome: Equatable {
        var features: [String] = []
        var problems: [InputError] = []
        var error: String? = nil
    }

    static func describe(_ features: [GeoJSONFeature]) -> [String] {
        features.map { "\($0.index) \($0.id ?? "-") \(String(describing: $0.geometry)) \($0.properties.sorted { $0.key < $1.key })" }
    }

    /// The general path alone, as `read` took it before the fast path existed.
    static func general(_ text: String) -> Outcome {
        var outcome = Outcome()
        do {
            let root = try JSONValue.parse(Data(text.utf8), file: "f.geojson")
            outcome.features = describe(try GeoJSONReader.features(of: root, path: "f.geojson", geographic: true, problems: &outcome.problems))
        } catch { outcome.error = "\(error)" }
        return outcome
    }

    static func read(_ text: String) throws -> Outcome {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fc-\(UUID().uuidString).geojson")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var outcome = Outcome()
        do {
            outcome.features = describe(try GeoJSONReader.read(path: url.path, problems: &outcome.problems))
        } catch { outcome.error = "\(error)" }
        outcome.problems = outcome.problems.map { InputError(file: "f.geojson", $0.location, $0.message) }
        outcome.error = outcome.error?.replacingOccurrences(of: url.path, with: "f.geojson")
        return outcome
    }

    static func fast(_ text: String) -> [String]? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { JSONParser.features($0, file: "f.geojson", geographic: true) }.map(describe)
    }

    static let square = "[[[7,45],[7.001,45],[7.001,45.001],[7,45.001],[7,45]]]"
    static func collection(_ features: String...) -> String {
        #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}"
    }

    /// Shapes the fast path reads itself.
    static let fastCases: [String] = [
        collection(#"{"type":"Feature","properties":{"id":"c1","pop":12.5},"geometry":{"type":"Polygon","coordinates":\#(square)}}"#),
        collection(#"{"geometry":{"coordinates":\#(square),"type":"Polygon"},"properties":{"pop":1,"id":"c2"},"type":"Feature"}"#),
        collection(#"{"type":"Feature","id":7,"properties":null,"geometry":{"type":"Point","coordinates":[7.5,45.25,310]}}"#),
        collection(#"{"type":"Feature","id":"x","properties":{"id":12.0},"geometry":null}"#),
        collection(#"{"\u0074ype":"Feature","properties":{"name":"Mairie \"A\" \u00e9"},"geometry":{"type":"LineString","coordinates":[[7,45],[7.1,45.1]]}}"#),
        #"{"bbox":[7,45,8,46],"crs":{"type":"name"},"type":"FeatureCollection","features":[{"type":"Feature","bbox":[1,2,3,4],"properties":{},"geometry":{"type":"MultiPolygon","bbox":[],"coordinates":[\#(square),\#(square)]}}]}"#,
        collection(),
        " \n\t" + collection(#"{"type" : "Feature" ,"properties" : { "pop" : -0.0 , "x" : [1e2, 0.1234567890123456789, 1E-7, -12345678901234567890] } ,"geometry" : { "type" : "Point" , "coordinates" : [ -180 , 90 ] } }"#) + "\r\n",
        collection(#"{"type":"Feature","properties":{"id":"h"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,1]]]}}"#),
    ]

    /// Documents the fast path leaves to the general path: problems, errors, unusual shapes.
    static let generalCases: [String] = [
        collection(#"{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Point","coordinates":[45,95]}}"#),
        collection(#"{"type":"Feature","properties":{"pop":1,"pop":2},"geometry":null}"#),
        collection(#"{"type":"Feature","geometry":null,"properties":{},"geometry":null}"#),
        collection(#"{"type":"Feature","properties":{},"geometry":{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}}"#),
        collection(#"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4]]]}}"#),
        collection(#"{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[]}}"#),
        collection(#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2,3,4]}}"#),
        collection(#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,"2"]}}"#),
        collection(#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[[1,2]]}}"#),
        collection(#"{"type":"Feature","properties":{},"geometry":{"type":"Point"}}"#),
        collection(#"{"type":"feature","properties":{},"geometry":null}"#),
        collection(#"{"type":"Feature","properties":[1],"geometry":null}"#, #"{"type":"Feature","properties":{"id":"b"},"geometry":null}"#),
        collection("[1]", "null"),
        #"{"type":"Feature","features":[]}"#,
        #"{"type":"FeatureCollection","features":{}}"#,
        #"{"type":"FeatureCollection","features":[],"type":"FeatureCollection"}"#,
        collection(#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}"#) + " x",
        #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1}"#,
        collection(#"{"type":"Feature","properties":{"n":01},"geometry":null}"#),
        collection(#"{"type":"Feature","properties":{"deep":"# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}}"),
        collection(#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":"# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}}"),
        collection(#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1e400,2]}}"#),
    ]

    @Test(arguments: fastCases)
    func fastPathGivesTheGeneralPathsFeatures(_ text: String) throws {
        let general = Self.general(text)
        #expect(general.error == nil && general.problems.isEmpty, "a case without problems")
        #expect(Self.fast(text) == general.features)
        #expect(try Self.read(text) == general)
    }

    @Test(arguments: generalCases)
    func problemsAndErrorsAreTheGeneralPaths(_ text: String) throws {
        #expect(Self.fast(text) == nil)
        let general = Self.general(text)
        #expect(try Self.read(text) == general)
    }

    /// `forEach` passes `read`'s features one at a time: as the fast path parses them, or,
    /// when it gives up part way (the third feature's latitude), from the first again after
    /// `restart`, the general path's features with its problems.
    @Test func forEachPassesReadsFeatures() throws {
        let good = #"{"type":"Feature","properties":{"id":"a","pop":3},"geometry":{"type":"Point","coordinates":[7,45]}}"#
        let bad = #"{"type":"Feature","properties":{"id":"b"},"geometry":{"type":"Point","coordinates":[45,95]}}"#
        for (text, restarts) in [(Self.collection(good, good, good), 0), (Self.collection(good, good, bad, good), 1)] {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("fc-\(UUID().uuidString).geojson")
            try Data(text.utf8).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            var passed: [GeoJSONFeature] = [], restarted = 0, problems: [InputError] = []
            try GeoJSONReader.forEach(path: url.path, problems: &problems, restart: { restarted += 1; passed.removeAll() }) { passed.append($0) }
            #expect(restarted == restarts)
            #expect(passed.map(\.index) == (restarts == 0 ? [0, 1, 2] : [0, 1, 3]))
            #expect(Self.describe(passed) == Self.general(text).features)
            #expect(problems.map(\.message) == Self.general(text).problems.map(\.message))
        }
    }

    /// Property slots hold what the dictionary holds under those names, with the same ids,
    /// geometries and errors: names compared as Strings (`p\u006fp` is `pop`, and given twice
    /// that way it is a duplicate the general path refuses).
    static let slotCases = fastCases + generalCases + [
        collection(#"{"type":"Feature","properties":{"p\u006fp":2,"id":"e","other":[1,{"pop":3}]},"geometry":null}"#),
        collection(#"{"type":"Feature","properties":{"pop":1,"p\u006fp":2},"geometry":null}"#),
        collection(#"{"type":"Feature","properties":{"a":1,"b":2,"a":3},"geometry":null}"#),
        collection(#"{"type":"Feature","properties":{"id":1,"id":2},"geometry":null}"#),
    ]

    @Test(arguments: slotCases)
    func slotsHoldTheDictionarysValues(_ text: String) throws {
        let names = ["pop", "name", "x", "a"]
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fc-\(UUID().uuidString).geojson")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        func row(_ f: GeoJSONFeature, _ values: [JSONValue?]) -> String { "\(f.index) \(f.id ?? "-") \(String(describing: f.geometry)) \(values)" }
        var expected: [String] = [], expectedError: String? = nil, problems: [InputError] = []
        do { expected = try GeoJSONReader.read(path: url.path, problems: &problems).map { f in row(f, names.map { f.properties[$0] }) } } catch {
            expectedError = "\(error)"
        }
        var rows: [String] = [], error: String? = nil, slotProblems: [InputError] = []
        do {
            try GeoJSONReader.forEach(path: url.path, properties: names, problems: &slotProblems, restart: { rows.removeAll() }) { f, slots in
                #expect(f.properties.isEmpty)
                rows.append(row(f, names.map { slots[$0] }))
            }
        } catch let thrown { error = "\(thrown)" }
        #expect(rows == expected)
        #expect(error == expectedError)
        #expect(slotProblems == problems)
    }

    @Test func escapedNamesFillTheirSlots() throws {
        let bytes = Array(Self.slotCases[Self.slotCases.count - 4].utf8)
        var rows: [(String?, JSONValue?)] = []
        let read = bytes.withUnsafeBufferPointer { buffer in
            JSONParser.forEachFeature(buffer, file: "f", geographic: true, slots: PropertySlots(names: ["pop"])) { f, slots in
                rows.append((f.id, slots?["pop"]))
            }
        }
        #expect(read)
        #expect(rows.count == 1 && rows.first?.0 == "e" && rows.first?.1 == .number(2))
        let twice = Array(Self.slotCases[Self.slotCases.count - 3].utf8)
        #expect(!twice.withUnsafeBufferPointer { JSONParser.forEachFeature($0, file: "f", geographic: true, slots: PropertySlots(names: ["pop"])) { _, _ in } })
    }

    /// What a user sees for two of those, by hand: the message names the feature or the line.
    @Test func messagesByHand() throws {
        let swapped = try Self.read(Self.generalCases[0])
        #expect(swapped.problems == [InputError(file: "f.geojson", .feature(index: 0, id: "a"),
                                                "latitude 95.0 is outside -90..90 (swapped? GeoJSON positions are [longitude, latitude])")])
        let duplicate = try Self.read(Self.generalCases[1])
        #expect(duplicate.error == "\(InputError(file: "f.geojson", .line(1), "malformed JSON: duplicate member name \"pop\""))")
    }

    /// Coordinates parse to the doubles `Double(String)` gives, on every branch of the number rule.
    @Test func numbersAreTheStandardLibrarysDoubles() throws {
        var generator = SeededGenerator(seed: 15)
        var texts = ["0", "-0", "0.1", "113.9245274", "-22.5287215", "1.7976931348623157", "9007199254740993", "0.30000000000000004",
                     "123456789012345678901234", "1e-7", "1.5E+2", "0.0000000000000000000001", "4.9406564584124654e-324", "179.99999999999999999"]
        for _ in 0..<3000 {
            let digits = Int.random(in: 1...20, using: &generator)
            var text = String(Int.random(in: 0...179, using: &generator))
            text += "." + String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            if Bool.random(using: &generator) { text = "-" + text }
            texts.append(text)
        }
        let points = texts.enumerated().map { #"{"type":"Feature","properties":{"v":\#($1)},"geometry":{"type":"Point","coordinates":[0,0]}}"# }
        let text = #"{"type":"FeatureCollection","features":["# + points.joined(separator: ",") + "]}"
        let features = try #require(Array(text.utf8).withUnsafeBufferPointer { JSONParser.features($0, file: "f", geographic: true) })
        for (feature, text) in zip(features, texts) {
            #expect(feature.properties["v"]?.number == Double(text), "\(text)")
        }
    }

    /// The shipped layers all take the fast path, with the general path's features.
    @Test func shippedLayersTakeTheFastPath() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../GeoData").standardized
        let folders = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        var read = 0
        for folder in folders {
            for layer in ["population", "sites", "subdistricts", "boundary", "candidates"] {
                let url = root.appendingPathComponent("\(folder)/\(layer).geojson")
                guard let data = try? Data(contentsOf: url), data.count < 8 << 20 else { continue }
                let text = String(decoding: data, as: UTF8.self)
                #expect(Self.fast(text) == Self.general(text).features, "\(folder)/\(layer)")
                read += 1
            }
        }
        #expect(read >= 20)
    }
}
