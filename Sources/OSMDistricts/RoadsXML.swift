import Foundation
import Formats
import Model
import OSMReader
import Roads

/// A compact roads-only OSM XML file (`roads.osm`, which readosm reads like `.osm.pbf`): only the
/// highway ways some travel mode may use (`OSMData.roadWays(profiles:)`), with the tags the
/// profiles read, and their nodes, sorted by id, with 7-decimal coordinates and no metadata. A way cut
/// by the extract's edge is written as one way per run of nodes the file has (the first keeps
/// the way's id, later runs get negative ids), as `roadWays(profiles:)` splits it.
public enum RoadsXML {
    /// The tags the shipped road profiles read (class, access by mode, direction, speed, area),
    /// in the order they are written.
    public static let shippedKeys = ["highway", "area", "access", "foot", "bicycle", "vehicle", "motor_vehicle", "motorcar",
                                     "oneway", "junction", "maxspeed", "sidewalk"]

    /// The tags written: `shippedKeys`, then any other key `profiles` read, sorted.
    public static func keptKeys(_ profiles: RoadProfiles) -> [String] {
        shippedKeys + profiles.readKeys.filter { !shippedKeys.contains($0) }
    }

    /// - Parameters:
    ///   - excludedClasses: `highway` values left out (e.g. mountain `path` and `track`).
    ///   - simplifyMeters: when > 0, nodes between junctions are thinned by Douglas-Peucker with
    ///     this tolerance (junctions and way ends are always kept, so the topology is unchanged;
    ///     a way's length shrinks by a fraction of the tolerance per bend).
    ///   - box: when given, only ways with a node inside it (a district cut out of a larger extract).
    public static func make(from data: OSMData, generator: String, profiles: RoadProfiles, excludedClasses: Set<String> = [],
                            simplifyMeters: Double = 0, within box: (min: XY, max: XY)? = nil) -> (xml: String, ways: Int, nodes: Int) {
        let keptKeys = keptKeys(profiles)
        var roads = data.roadWays(profiles: profiles).ways.filter { !excludedClasses.contains($0.highway) }
        if let box {
            roads = roads.filter { way in
                way.points.contains { (box.min.x...box.max.x).contains($0.x) && (box.min.y...box.max.y).contains($0.y) }
            }
        }
        if simplifyMeters > 0 { roads = simplified(roads, toleranceMeters: simplifyMeters) }
        var nodes: [Int64: XY] = [:]
        for way in roads { for (id, p) in zip(way.nodeIDs, way.points) { nodes[id] = p } }
        var xml = "<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\" generator=\"\(XMLText.escape(generator))\">\n"
        xml.reserveCapacity(nodes.count * 56 + roads.count * 200)
        for id in nodes.keys.sorted() {
            guard let p = nodes[id] else { continue }
            xml += "<node id=\"\(id)\" lat=\"\(GeoJSONWriter.coordinate(p.y))\" lon=\"\(GeoJSONWriter.coordinate(p.x))\"/>\n"
        }
        var written = Set<Int64>()
        var nextNegative: Int64 = -1
        for way in roads {
            let id: Int64
            if written.insert(way.wayID).inserted { id = way.wayID } else { id = nextNegative; nextNegative -= 1 }
            xml += "<way id=\"\(id)\">"
            for ref in way.nodeIDs { xml += "<nd ref=\"\(ref)\"/>" }
            let tags = data.way(way.wayID)?.tags ?? ["highway": way.highway]
            for key in keptKeys {
                guard let value = tags[key] else { continue }
                xml += "<tag k=\"\(key)\" v=\"\(XMLText.escape(value))\"/>"
            }
            xml += "</way>\n"
        }
        xml += "</osm>\n"
        return (xml, roads.count, nodes.count)
    }

    /// The ways with the nodes between junctions thinned (Douglas-Peucker in a local
    /// equirectangular projection, metres). A node is a junction when it ends a way or is used
    /// more than once.
    static func simplified(_ ways: [OSMRoadWay], toleranceMeters: Double) -> [OSMRoadWay] {
        var uses: [Int64: Int] = [:]
        for way in ways {
            for (k, id) in way.nodeIDs.enumerated() {
                uses[id, default: 0] += (k == 0 || k == way.nodeIDs.count - 1) ? 2 : 1
            }
        }
        return ways.map { way in
            guard way.points.count > 2 else { return way }
            let scaleX = 111_195.0 * cos(way.points[0].y * .pi / 180), scaleY = 111_195.0
            let local = way.points.map { XY($0.x * scaleX, $0.y * scaleY) }
            var keep = [Bool](repeating: false, count: way.points.count)
            var start = 0
            keep[0] = true
            for k in 1..<way.nodeIDs.count where k == way.nodeIDs.count - 1 || (uses[way.nodeIDs[k]] ?? 0) >= 2 {
                keep[k] = true
                douglasPeucker(local, start, k, toleranceMeters, &keep)
                start = k
            }
            var out = way
            out.nodeIDs = way.nodeIDs.indices.filter { keep[$0] }.map { way.nodeIDs[$0] }
            out.points = way.points.indices.filter { keep[$0] }.map { way.points[$0] }
            return out
        }
    }

    static func douglasPeucker(_ p: [XY], _ first: Int, _ last: Int, _ tolerance: Double, _ keep: inout [Bool]) {
        guard last > first + 1 else { return }
        let a = p[first], b = p[last]
        let dx = b.x - a.x, dy = b.y - a.y
        let length2 = dx * dx + dy * dy
        var worst = -1.0, at = first
        for k in (first + 1)..<last {
            let d: Double
            if length2 == 0 {
                d = ((p[k].x - a.x) * (p[k].x - a.x) + (p[k].y - a.y) * (p[k].y - a.y)).squareRoot()
            } else {
                let t = max(0, min(1, ((p[k].x - a.x) * dx + (p[k].y - a.y) * dy) / length2))
                let ex = a.x + t * dx - p[k].x, ey = a.y + t * dy - p[k].y
                d = (ex * ex + ey * ey).squareRoot()
            }
            if d > worst { worst = d; at = k }
        }
        guard worst > tolerance else { return }
        keep[at] = true
        douglasPeucker(p, first, at, tolerance, &keep)
        douglasPeucker(p, at, last, tolerance, &keep)
    }
}
