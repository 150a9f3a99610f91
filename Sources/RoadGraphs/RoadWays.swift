import Foundation
import Model
import Network
import OSMReader
import Roads

/// The road ways of a district's OSM file and the graph inputs of each mode.
public enum RoadWays {
    /// Reads the road ways of an OSM file once (highways only), judged by the district's road
    /// profiles (`RoadProfiles.forDistrict`: the shipped ones unless district.yaml names its own).
    public static func read(osmPath: String, settings: DistrictSettings) throws -> [OSMRoadWay] {
        let profiles = try RoadProfiles.forDistrict(settings)
        let data = try OSMFile.read(URL(fileURLWithPath: osmPath),
                                    filter: OSMFilter(nodeKeys: [], wayKeys: ["highway"], relationKeys: []))
        return data.roadWays(profiles: profiles).ways
    }

    /// The ways `mode` may use, with its speed and directions on each, and, given the ways'
    /// `heights` (`Terrain.heights(of:)`, same order), each segment's time factors by the
    /// mode's slope rule.
    public static func inputs(_ ways: [OSMRoadWay], mode: TravelMode, heights: [[[Double?]]]? = nil) -> [RoadWayInput] {
        ways.indices.compactMap { w in
            let way = ways[w]
            let access: ModeAccess? = switch mode {
            case .walk: way.walk
            case .bike: way.bike
            case .drive: way.drive
            }
            guard let access else { return nil }
            var input = RoadWayInput(nodeIDs: way.nodeIDs, points: way.points, speedKmh: access.speedKmh,
                                     forward: access.forward, backward: access.backward)
            if let heights, access.slope.model != .none, w < heights.count, heights[w].count == way.points.count - 1 {
                (input.forwardTimeFactors, input.backwardTimeFactors) = timeFactors(heights[w], points: way.points, slope: access.slope,
                                                                                   flatKmh: access.speedKmh)
            }
            return input
        }
    }

    /// Per segment, the time factor travelled forward and backward.
    static func timeFactors(_ segments: [[Double?]], points: [XY], slope: SlopeRule, flatKmh: Double) -> ([Float], [Float]) {
        var forward: [Float] = [], backward: [Float] = []
        for (k, heights) in segments.enumerated() {
            let meters = Geodesy.haversineMeters(points[k], points[k + 1])
            forward.append(Float(slope.timeFactor(heights: heights, meters: meters, flatKmh: flatKmh)))
            backward.append(Float(slope.timeFactor(heights: heights.reversed(), meters: meters, flatKmh: flatKmh)))
        }
        return (forward, backward)
    }
}
