import Foundation
import Model
import Network
import OSMReader

/// The road ways of a district's OSM file and the graph inputs of each mode.
public enum RoadWays {
    /// Reads the road ways of an OSM file once (highways only).
    public static func read(osmPath: String, settings: DistrictSettings) throws -> [OSMRoadWay] {
        let data = try OSMFile.read(URL(fileURLWithPath: osmPath),
                                    filter: OSMFilter(nodeKeys: [], wayKeys: ["highway"], relationKeys: []))
        let profile = RoadProfile(walkKmh: settings.speedsKmh[.walk] ?? 4.5, bikeKmh: settings.speedsKmh[.bike] ?? 15)
        return data.roadWays(profile: profile).ways
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
