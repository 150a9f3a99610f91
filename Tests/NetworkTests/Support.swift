import Foundation
import Model
import Network
import OSMReader
import Roads
import TestSupport

/// The graph input of one travel mode from extracted road ways.
func wayInputs(_ roads: RoadExtraction, _ mode: KeyPath<OSMRoadWay, ModeAccess?>) -> [RoadWayInput] {
    roads.ways.compactMap { way in
        guard let access = way[keyPath: mode] else { return nil }
        return RoadWayInput(nodeIDs: way.nodeIDs, points: way.points, speedKmh: access.speedKmh,
                            forward: access.forward, backward: access.backward)
    }
}

/// Each real extract is read once per test process.
enum Extracts {
    nonisolated(unsafe) private static var cache: [String: OSMData] = [:]
    private static let lock = NSLock()

    static func data(_ name: String) throws -> OSMData? {
        lock.lock(); defer { lock.unlock() }
        if let known = cache[name] { return known }
        guard let url = try Paths.sharedFile("data/" + name) else { return nil }
        let data = try OSMFile.read(url)
        cache[name] = data
        return data
    }
}

/// A road network drawn as text, OSRM-style. Letters are nodes; one character is 10 m across
/// and 10 m down (planar metres, y grows upwards). Roads run straight between two letters:
/// `-` and `|` at 3.6 km/h (1 m/s, so seconds = metres), `=` at 7.2 km/h (2 m/s). A `>`, `<`,
/// `v` or `^` inside a road makes it one-way in that direction.
struct ASCIIMap {
    var ways: [RoadWayInput] = []
    var position: [Character: XY] = [:]

    init(_ text: String) {
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        for (r, row) in rows.enumerated() {
            for (c, ch) in row.enumerated() where ch.isLetter && ch != "v" {
                position[ch] = XY(Double(c) * 10, -Double(r) * 10)
            }
        }
        func id(_ ch: Character) -> Int64 { Int64(ch.asciiValue ?? 0) }
        func add(_ a: Character, _ b: Character, _ road: [Character]) {
            guard let pa = position[a], let pb = position[b] else { return }
            let fast = road.contains("=")
            let forward = !road.contains("<") && !road.contains("^")
            let backward = !road.contains(">") && !road.contains("v")
            ways.append(RoadWayInput(nodeIDs: [id(a), id(b)], points: [pa, pb], speedKmh: fast ? 7.2 : 3.6,
                                     forward: forward, backward: backward))
        }
        // Horizontal roads.
        for row in rows {
            var last: (Character, Int)? = nil
            for (c, ch) in row.enumerated() {
                if ch.isLetter && ch != "v" {
                    if let (a, ca) = last, c > ca + 1, row[(ca + 1)..<c].allSatisfy({ "-=<>".contains($0) }) {
                        add(a, ch, Array(row[(ca + 1)..<c]))
                    }
                    last = (ch, c)
                }
            }
        }
        // Vertical roads.
        let width = rows.map(\.count).max() ?? 0
        for c in 0..<width {
            var last: (Character, Int)? = nil
            for (r, row) in rows.enumerated() where c < row.count {
                let ch = row[c]
                if ch.isLetter && ch != "v" {
                    if let (a, ra) = last, r > ra + 1 {
                        let road = rows[(ra + 1)..<r].map { c < $0.count ? $0[c] : " " }
                        if road.allSatisfy({ "|v^".contains($0) }) { add(a, ch, road) }
                    }
                    last = (ch, r)
                }
            }
        }
    }

    /// The graph node of a letter.
    func node(_ graph: RoadGraph, _ ch: Character) -> Int32 {
        Int32(graph.nodeIDs.firstIndex(of: Int64(ch.asciiValue ?? 0)) ?? -1)
    }
}
