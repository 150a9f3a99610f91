import Foundation
import Model
import Network
import OSMReader
import Travel

/// A road graph for one mode, built from an OSM file, with what building it dropped.
public struct ModeGraph: Sendable {
    public var mode: TravelMode
    public var graph: RoadGraph
    public var report: GraphBuildReport
}

public enum RoadTravel {
    /// Reads the road ways of an OSM file once.
    public static func roadWays(osmPath: String, settings: DistrictSettings) throws -> [OSMRoadWay] {
        let data = try OSMFile.read(URL(fileURLWithPath: osmPath))
        let profile = RoadProfile(walkKmh: settings.speedsKmh[.walk] ?? 4.5, bikeKmh: settings.speedsKmh[.bike] ?? 15)
        return data.roadWays(profile: profile).ways
    }

    /// The graph of the ways `mode` may use, its largest strongly connected part kept.
    public static func graph(_ ways: [OSMRoadWay], mode: TravelMode) -> ModeGraph {
        let inputs: [RoadWayInput] = ways.compactMap { way in
            let access: ModeAccess? = switch mode {
            case .walk: way.walk
            case .bike: way.bike
            case .drive: way.drive
            }
            guard let access else { return nil }
            return RoadWayInput(nodeIDs: way.nodeIDs, points: way.points, speedKmh: access.speedKmh,
                                forward: access.forward, backward: access.backward)
        }
        let (graph, report) = RoadGraph.build(ways: inputs, space: .geographic, keep: .largestStrong)
        return ModeGraph(mode: mode, graph: graph, report: report)
    }

    /// Resident → site minutes over the graph: each cell and site snapped to its nearest node
    /// within `maxSnapMeters` (snap legs walked), a bounded search from every site over the
    /// reversed graph, pairs kept up to `cutoffMinutes`. Points that cannot snap have no pairs
    /// and are listed.
    public static func travel(graph: RoadGraph, cells: [XY], sites: [XY], walkKmh: Double, maxSnapMeters: Double,
                              cutoffMinutes: Double, threads: Int) -> (travel: SparseTravel, unsnappedCells: [Int], unsnappedSites: [Int]) {
        let index = SnapIndex(graph: graph)
        let cellSnaps = index.snap(cells, maxMeters: maxSnapMeters)
        let siteSnaps = index.snap(sites, maxMeters: maxSnapMeters)
        // Unsnapped points get node -1: the search skips them.
        let cellStarts = cellSnaps.snaps.map { $0?.start(walkKmh: walkKmh) ?? SearchStart(node: -1) }
        let siteStarts = siteSnaps.snaps.map { $0?.start(walkKmh: walkKmh) ?? SearchStart(node: -1) }
        let reachable = siteStarts.indices.filter { siteStarts[$0].node >= 0 }
        let bySite = graph.travelTimes(from: reachable.map { siteStarts[$0] }, to: cellStarts,
                                       cutoffSeconds: Float(cutoffMinutes * 60), direction: .toSources, threads: threads)
        // Transpose site rows into cell rows; sites are visited in index order, so each cell row
        // comes out sorted by site.
        var counts = [Int](repeating: 0, count: cells.count + 1)
        for t in bySite.targets { counts[Int(t) + 1] += 1 }
        for i in 0..<cells.count { counts[i + 1] += counts[i] }
        var fill = counts
        var site = [Int32](repeating: 0, count: bySite.targets.count)
        var minutes = [Double](repeating: 0, count: bySite.targets.count)
        for (row, s) in reachable.enumerated() {
            for k in bySite.offsets[row]..<bySite.offsets[row + 1] {
                let cell = Int(bySite.targets[k])
                site[fill[cell]] = Int32(s)
                minutes[fill[cell]] = Double(bySite.seconds[k]) / 60
                fill[cell] += 1
            }
        }
        let travel = SparseTravel(cellCount: cells.count, siteCount: sites.count, offsets: counts, site: site, minutes: minutes)
        return (travel, cellSnaps.unsnapped, siteSnaps.unsnapped)
    }
}
