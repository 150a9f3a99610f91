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

    /// The ways `mode` may use, with its speed and directions on each.
    public static func inputs(_ ways: [OSMRoadWay], mode: TravelMode) -> [RoadWayInput] {
        ways.compactMap { way in
            let access: ModeAccess? = switch mode {
            case .walk: way.walk
            case .bike: way.bike
            case .drive: way.drive
            }
            guard let access else { return nil }
            return RoadWayInput(nodeIDs: way.nodeIDs, points: way.points, speedKmh: access.speedKmh,
                                forward: access.forward, backward: access.backward)
        }
    }
}
