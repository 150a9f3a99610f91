import Foundation
import Testing
import Model
@testable import Formats

/// A GeoJSON layer is read through a window of a few bytes to a chunk (`FileWindow`), never as
/// a whole-file buffer: whatever the window's size and wherever its ends cut the text (inside
/// a number, a string, a UTF-8 scalar, spaces), the features, problems and messages are those of
/// the general path over the whole text, and the window holds no more than a chunk and the
/// largest feature.
@Suite struct ChunkedReadingTests {
    typealias Cases = FeatureCollectionParserTests

    /// What `forEach` gives through a window of `windowBytes`: the features (from the last
    /// restart on), the problems, the error; and whether the fast path read the file itself.
    static func read(_ text: String, windowBytes: Int, slots names: [String]? = nil) throws -> (Cases.Outcome, fast: Bool) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chunks-\(UUID().uuidString).geojson")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var outcome = Cases.Outcome(), features: [GeoJSONFeature] = [], restarts = 0
        do {
            if let names {
                try GeoJSONReader.forEach(path: url.path, geographic: true, properties: names, problems: &outcome.problems,
                                          windowBytes: windowBytes, restart: { restarts += 1; features.removeAll() }) { feature, slots in
                    var feature = feature
                    feature.properties = Dictionary(uniqueKeysWithValues: names.compactMap { name in slots[name].map { (name, $0) } })
                    features.append(feature)
                }
            } else {
                try GeoJSONReader.forEach(path: url.path, geographic: true, problems: &outcome.problems, windowBytes: windowBytes,
                                          restart: { restarts += 1; features.removeAll() }) { features.append($0) }
            }
        } catch { outcome.error = "\(error)".replacingOccurrences(of: url.path, with: "f.geojson") }
        outcome.features = Cases.describe(features)
        outcome.problems = outcome.problems.map { InputError(file: "f.geojson", $0.location, $0.message) }
        return (outcome, restarts == 0)
    }

    static let windows = [1, 2, 3, 5, 8, 13, 64]

    /// Every case of the fast path's tests, through windows that cut it everywhere: the general
    /// path's outcome, and the fast path still reads what it read from one buffer.
    @Test(arguments: Cases.fastCases + Cases.generalCases)
    func smallWindowsGiveTheGeneralPathsOutcome(_ text: String) throws {
        let general = Cases.general(text)
        let fastInOneBuffer = Cases.fast(text) != nil
        for windowBytes in Self.windows {
            let (outcome, fast) = try Self.read(text, windowBytes: windowBytes)
            #expect(outcome == general, "window \(windowBytes)")
            #expect(fast == fastInOneBuffer, "window \(windowBytes)")
        }
    }

    /// The same with property slots (the population reader's path).
    @Test(arguments: Cases.slotCases)
    func smallWindowsFillTheSameSlots(_ text: String) throws {
        let names = ["pop", "name", "x", "a"]
        let (whole, _) = try Self.read(text, windowBytes: 1 << 20, slots: names)
        for windowBytes in Self.windows {
            #expect(try Self.read(text, windowBytes: windowBytes, slots: names).0 == whole, "window \(windowBytes)")
        }
    }

    /// Two- to four-byte scalars cut by every window end are read as they are; a bad byte far
    /// into the file is the general path's error, with its line.
    @Test func utf8AcrossWindowEnds() throws {
        let names = ["Mairie é", "街道办事处", "😀 kiosk", "ÅÄÖ"]
        let features = names.enumerated().map { k, name in
            #"{"type":"Feature","properties":{"id":"s\#(k)","name":"\#(name)"},"geometry":{"type":"Point","coordinates":[7,45]}}"#
        }
        let text = "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}"
        let general = Cases.general(text)
        #expect(general.features.count == 4)
        for windowBytes in 1...12 {
            let (outcome, fast) = try Self.read(text, windowBytes: windowBytes)
            #expect(outcome == general && fast, "window \(windowBytes)")
        }
        var bad = Array(text.utf8)
        bad.insert(0xFF, at: bad.count - 10) // on line 5
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chunks-\(UUID().uuidString).geojson")
        try Data(bad).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        for windowBytes in [3, 64, 1 << 20] {
            var problems: [InputError] = []
            #expect(throws: InputError(file: url.path, .line(5), "text is not valid UTF-8")) {
                try GeoJSONReader.forEach(path: url.path, geographic: true, problems: &problems, windowBytes: windowBytes,
                                          restart: {}) { _ in }
            }
        }
        for (bytes, cut) in [([0x41], 0), ([0x41, 0xC3], 1), ([0xE8, 0xA1], 2), ([0xF0, 0x9F, 0x98], 3), ([0xF0, 0x9F, 0x98, 0x80], 0),
                             ([0xC3, 0xA9], 0), ([0x80, 0x80, 0x80, 0x80, 0x80], 0)] as [([UInt8], Int)] {
            #expect(bytes.withUnsafeBufferPointer { FileWindow.cutScalarBytes($0) } == cut, "\(bytes)")
        }
    }

    /// Spaces longer than the window and the lookahead between and after features stay on the
    /// fast path, and a message after them still names its line.
    @Test func longSpacesBetweenFeatures() throws {
        let spaces = String(repeating: " \n", count: 3000)
        let point = #"{"type":"Feature","properties":{"id":"p"},"geometry":{"type":"Point","coordinates":[7,45]}}"#
        let text = #"{"type":"FeatureCollection","features":["# + spaces + point + spaces + "," + point.replacingOccurrences(of: #""p""#, with: #""q""#)
            + spaces + "]" + spaces + "}" + spaces
        for windowBytes in [7, 100, 1 << 20] {
            let (outcome, fast) = try Self.read(text, windowBytes: windowBytes)
            #expect(fast && outcome == Cases.general(text) && outcome.features.count == 2, "window \(windowBytes)")
            let (broken, _) = try Self.read(text + "x", windowBytes: windowBytes)
            #expect(broken.error == "\(InputError(file: "f.geojson", .line(15001), "malformed JSON: unexpected text after the JSON value"))")
        }
    }

    /// A 3 MB layer of small cells is read in a 64 KiB window that never grows; one feature
    /// larger than the window (a 2,000-vertex outline) grows it to about twice that feature,
    /// not to the file.
    @Test func theWindowHoldsAChunkAndTheLargestFeature() throws {
        let cell = { (k: Int) in
            let x = 7 + Double(k % 100) * 0.001, y = 45 + Double(k / 100) * 0.001
            let ring = [(x, y), (x + 0.001, y), (x + 0.001, y + 0.001), (x, y + 0.001), (x, y)].map { "[\($0.0),\($0.1)]" }
            return #"{"type":"Feature","properties":{"id":"c\#(k)","pop":\#(k % 97)},"geometry":{"type":"Polygon","coordinates":[[\#(ring.joined(separator: ","))]]}}"#
        }
        let outline = (0...2000).map { k -> String in
            let angle = Double(k % 2000) / 2000 * 2 * Double.pi
            return "[\(7 + 0.05 * cos(angle)),\(45 + 0.05 * sin(angle))]"
        }
        let big = #"{"type":"Feature","properties":{"id":"outline"},"geometry":{"type":"Polygon","coordinates":[[\#(outline.joined(separator: ","))]]}}"#
        for features in [(0..<20_000).map(cell), (0..<10_000).map(cell) + [big] + (10_000..<20_000).map(cell)] {
            let text = #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",\n") + "]}"
            let bytes = Array(text.utf8)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("chunks-\(UUID().uuidString).geojson")
            try Data(bytes).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            let window = try #require(FileWindow(path: url.path, capacity: 64 << 10))
            var parser = JSONParser(bytes: UnsafeBufferPointer(start: nil, count: 0), file: url.path)
            parser.window = window
            var read: [GeoJSONFeature] = []
            try parser.featureCollection(geographic: true) { feature, _ in read.append(feature) }
            #expect(bytes.count > 3_000_000)
            #expect(Cases.describe(read) == bytes.withUnsafeBufferPointer { JSONParser.features($0, file: "f", geographic: true) }.map(Cases.describe))
            let largest = features.map(\.utf8.count).max() ?? 0
            #expect(window.largestCapacity <= max(64 << 10, 2 * (largest + JSONParser.lookahead + 1)), "grew to \(window.largestCapacity)")
            #expect(largest < 64 << 10 ? window.largestCapacity == 64 << 10 : window.largestCapacity > largest)
        }
    }
}
