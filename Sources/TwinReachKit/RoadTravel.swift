import Foundation
import Model
import Network
import OSMReader
import Roads
import Travel

public enum RoadTravel {
    /// Reads the road ways of an OSM file once (highways only), judged by the district's road
    /// profiles (`RoadProfiles.forDistrict`: the shipped ones unless district.yaml names its own).
    public static func roadWays(osmPath: String, settings: DistrictSettings) throws -> [OSMRoadWay] {
        let profiles = try RoadProfiles.forDistrict(settings)
        let data = try OSMFile.read(URL(fileURLWithPath: osmPath),
                                    filter: OSMFilter(nodeKeys: [], wayKeys: ["highway"], relationKeys: []))
        return data.roadWays(profiles: profiles).ways
    }

    /// The ways `mode` may use, with its speed and directions on each.
    public static func wayInputs(_ ways: [OSMRoadWay], mode: TravelMode) -> [RoadWayInput] {
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

    /// Resident → site minutes over the network: cells and sites snapped within
    /// `maxSnapMeters` (snap legs walked), searches from every site over the reversed graph,
    /// pairs kept up to `cutoffMinutes`, transposed to rows per cell. Points that cannot snap
    /// have no pairs and are listed.
    public static func travel(network: RoadNetwork, cells: [XY], sites: [XY], walkKmh: Double, maxSnapMeters: Double,
                              cutoffMinutes: Double, threads: Int, progress: SearchProgress? = nil)
        -> (travel: SparseTravel, unsnappedCells: [Int], unsnappedSites: [Int]) {
        let result = network.travelTimes(sites: sites, cells: cells, maxSnapMeters: maxSnapMeters, walkKmh: walkKmh,
                                         cutoffSeconds: Float(cutoffMinutes * 60), direction: .toSources, threads: threads,
                                         progress: progress)
        let bySite = result.times
        // Transpose site rows into cell rows; sites come in index order, so each cell row is
        // sorted by site.
        var offsets = [Int](repeating: 0, count: cells.count + 1)
        for t in bySite.targets { offsets[Int(t) + 1] += 1 }
        for i in 0..<cells.count { offsets[i + 1] += offsets[i] }
        var fill = offsets
        var site = [Int32](repeating: 0, count: bySite.targets.count)
        var minutes = [Double](repeating: 0, count: bySite.targets.count)
        for s in 0..<bySite.sourceCount {
            for k in bySite.offsets[s]..<bySite.offsets[s + 1] {
                let cell = Int(bySite.targets[k])
                site[fill[cell]] = Int32(s)
                minutes[fill[cell]] = Double(bySite.seconds[k]) / 60
                fill[cell] += 1
            }
        }
        let travel = SparseTravel(cellCount: cells.count, siteCount: sites.count, offsets: offsets, site: site, minutes: minutes)
        return (travel, result.unsnappedCells, result.unsnappedSites)
    }
}
