import Foundation
import Model
import Network

/// Travel over a road network.
public enum RoadTravel {
    /// Resident → site minutes over the network: cells and sites snapped within
    /// `maxSnapMeters` (snap legs walked), searches from every site over the reversed graph,
    /// pairs kept up to `cutoffMinutes`, transposed to one row per cell. Points that cannot
    /// snap have no pairs and are listed.
    /// `snapped`: the cells already snapped to `network` within `maxSnapMeters` (else snapped here).
    public static func travel(network: RoadNetwork, cells: [XY], snapped: SnapResult? = nil, sites: [XY], walkKmh: Double, maxSnapMeters: Double,
                              cutoffMinutes: Double, threads: Int, progress: SearchProgress? = nil)
        -> (travel: SparseTravel, unsnappedCells: [Int], unsnappedSites: [Int]) {
        // Laid out by cell as the searches finish (sites in index order, so each cell row is
        // sorted by site), in minutes.
        let result = network.travelMinutesByCell(sites: sites, cells: cells, snapped: snapped, maxSnapMeters: maxSnapMeters,
                                                 walkKmh: walkKmh, cutoffSeconds: Float(cutoffMinutes * 60), direction: .toSources,
                                                 threads: threads, progress: progress)
        let travel = result.minutes
        return (travel, result.cellSnaps.unsnapped, result.siteSnaps.unsnapped)
    }
}
