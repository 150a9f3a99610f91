import Foundation
import Model
import Network

/// Travel over a road network.
public enum RoadTravel {
    /// Resident → site minutes over the network: cells and sites snapped within
    /// `maxSnapMeters` (snap legs walked), searches from every site over the reversed graph,
    /// pairs kept up to `cutoffMinutes`, transposed to one row per cell. Points that cannot
    /// snap have no pairs and are listed.
    public static func travel(network: RoadNetwork, cells: [XY], sites: [XY], walkKmh: Double, maxSnapMeters: Double,
                              cutoffMinutes: Double, threads: Int, progress: SearchProgress? = nil)
        -> (travel: SparseTravel, unsnappedCells: [Int], unsnappedSites: [Int]) {
        let result = network.travelTimes(sites: sites, cells: cells, maxSnapMeters: maxSnapMeters, walkKmh: walkKmh,
                                         cutoffSeconds: Float(cutoffMinutes * 60), direction: .toSources, threads: threads,
                                         progress: progress)
        // Site rows become cell rows; the transpose visits sites in index order, so each cell
        // row is sorted by site.
        let travel = result.times.transposed { Double($0) / 60 }
        return (travel, result.unsnappedCells, result.unsnappedSites)
    }
}
