import Foundation
import Model
import Testing
import TestSupport
@testable import TwinReachKit

/// The memory check's count of a population layer's features (`"Feature"` occurrences): the
/// `memchr` search against a plain scan, and across the 4 MiB blocks a file is read in.
@Suite struct FeatureCountTests {
    /// The plain reference: left to right, a match skips its length.
    static func plainCount(_ needle: [UInt8], _ bytes: [UInt8]) -> Int {
        var total = 0, i = 0
        while i + needle.count <= bytes.count {
            if Array(bytes[i..<(i + needle.count)]) == needle { total += 1; i += needle.count } else { i += 1 }
        }
        return total
    }

    @Test func memchrSearchCountsAsThePlainScan() {
        var generator = SeededGenerator(seed: 15)
        let alphabet = Array("\"Featur, \n".utf8)
        for needle in [Array("\"Feature\"".utf8), [0x0A], Array("\"\"".utf8), Array("aa".utf8)] {
            for _ in 0..<300 {
                let bytes = (0..<Int.random(in: 0...200, using: &generator)).map { _ in
                    Bool.random(using: &generator) ? needle.randomElement(using: &generator)! : alphabet.randomElement(using: &generator)!
                }
                let fast = bytes.withUnsafeBufferPointer { MemoryEstimate.occurrences(of: needle, in: $0) }
                #expect(fast == Self.plainCount(needle, bytes), "\(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }

    @Test func aLayerLargerThanABlockIsCountedWhole() throws {
        let feature = #"{"type":"Feature","properties":{"id":"c1"},"geometry":null},"# + "\n"
        let count = (9 << 20) / feature.utf8.count
        let text = #"{"type":"FeatureCollection","features":["# + String(repeating: feature, count: count) + "]}"
        let url = try Paths.scratch().appendingPathComponent("population.geojson")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try Data(text.utf8).write(to: url)
        #expect(MemoryEstimate.count(of: Array("\"Feature\"".utf8), in: url.path) == count)
    }
}
