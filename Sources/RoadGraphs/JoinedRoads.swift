import Foundation
import Model
import Roads

/// The road ways of a district joined with those of its 跨区通办 neighbours, so that a
/// neighbour's halls are reached over roads that meet at the border.
public enum JoinedRoads {
    /// What joining found: the ways, and per neighbour how many of its nodes are also nodes of
    /// the roads before it (0: its roads do not meet them).
    public struct Joined: Sendable {
        public var ways: [OSMRoadWay]
        public var sharedNodes: [Int]
    }

    /// Two positions of one node id further apart than this (degrees) are two different nodes:
    /// converted positions are rounded to 1e-7°.
    static let samePositionDegrees = 2e-7

    /// `own` followed by each neighbour's ways that are not already there (a way cut into both
    /// files counts once). Nodes join by their OpenStreetMap id, as they do within one file; only
    /// files cut from one extract share ids, so a node id at two positions means the files number
    /// their nodes independently and cannot be joined: that is an error naming both files.
    public static func join(_ own: [OSMRoadWay], file ownFile: String,
                            neighbours: [(file: String, ways: [OSMRoadWay])]) throws(InputError) -> Joined {
        var positions: [Int64: (XY, file: String)] = [:]
        var seen = Set<OSMRoadWay>()
        var ways: [OSMRoadWay] = []
        var shared: [Int] = []
        func add(_ way: OSMRoadWay, from file: String, meeting met: inout Set<Int64>) throws(InputError) {
            guard seen.insert(way).inserted else { return }
            ways.append(way)
            for (id, point) in zip(way.nodeIDs, way.points) {
                guard let (known, knownFile) = positions[id] else { positions[id] = (point, file); continue }
                guard abs(known.x - point.x) <= samePositionDegrees, abs(known.y - point.y) <= samePositionDegrees else {
                    throw InputError(.badData, file: file, .file,
                                     "cross_district: node \(id) lies at \(point.x),\(point.y) here but at \(known.x),\(known.y) in \(knownFile): the two road files do not come from one OpenStreetMap extract, so their roads cannot be joined")
                }
                if knownFile != file { met.insert(id) }
            }
        }
        var none = Set<Int64>()
        for way in own { try add(way, from: ownFile, meeting: &none) }
        for neighbour in neighbours {
            var met = Set<Int64>()
            for way in neighbour.ways { try add(way, from: neighbour.file, meeting: &met) }
            shared.append(met.count)
        }
        return Joined(ways: ways, sharedNodes: shared)
    }
}
