import Foundation
import Formats
import Model
import RoadGraphs
import Scenarios
import Travel
import TwinSpace

/// What the travel step tells the summary: how travel was measured and who it could not reach.
struct RunTravel {
    /// The summary's `travel` text (with the note on joined neighbour roads).
    var description: String
    /// Where the road graph came from (nil: no road network, straight lines or a matrix).
    var graphOrigin: RoadGraphSource.Origin?
    /// Cells that do not snap to the network (or that the matrix never names).
    var unreachableCells: Int
}

extension RunCommand {
    /// Travel from every cell to the sites (after the optimize steps have placed theirs) and the
    /// twin input built on it. The road graph and the cells' snaps (`TravelContext`) live only
    /// in this function, so that they are released before the channel choice.
    static func travelStage(_ options: RunOptions, scenario: Scenario, applied: AppliedScenario, parameters: TwinParameters,
                            district: inout District, changeLog: inout [String], warnings: inout [String],
                            progress: (String) -> Void) throws -> (RunTravel, TwinInput) {
        let settings = district.settings
        let cutoff = try choiceCutoffMinutes(asked: options.travelCutoffMinutes, settings: settings)
        var graphOrigin: RoadGraphSource.Origin?
        let context = try TravelContext(district: district, cutoffMinutes: cutoff, threads: options.threads, progress: progress,
                                        counter: options.counter) { roads in
            let (network, origin) = try options.roadGraphs.network(roadsPath: roads, folder: scenario.districtPath,
                                                                   settings: settings, boundary: district.boundary.bounds,
                                                                   neighbourRoads: applied.neighbourRoads, progress: progress)
            progress(origin.line)
            graphOrigin = origin
            return network
        }
        if !applied.optimizeSteps.isEmpty {
            let placed = try ScenarioOptimizer.place(applied.optimizeSteps, in: &district, context: context,
                                                     siteDistrict: applied.siteDistrict, crossDistrict: applied.crossDistrict,
                                                     scenarioPath: options.scenarioPath, progress: progress)
            changeLog += placed
        }
        let reached = try context.minutes(to: district.sites.map(\.location), ids: district.sites.map(\.id))
        let travel = reached.travel
        let unreachableCells = reached.unsnappedCells.count
        let apart = context.usesMatrix ? "have no pair in travel_matrix.csv"
            : "are more than \(GeoJSONWriter.number(settings.maxSnapMeters)) m from the \(settings.mode.rawValue) network"
        for neighbour in graphOrigin?.unjoinedNeighbours ?? [] {
            warnings.append("cross_district: the roads of \(neighbour) do not meet the district's (no shared node): its halls are reached only where they lie near the district's own roads")
        }
        for s in reached.unsnappedPoints {
            warnings.append("site \(district.sites[s].id): nobody reaches it (sites that \(apart))")
        }
        if unreachableCells > 0 {
            warnings.append("\(unreachableCells) cell(s) \(apart)")
        }
        progress("travel times: \(travel.pairCount) cell-site pairs within \(GeoJSONWriter.number(cutoff)) min")
        let input = try twinInput(district, applied: applied, travel: travel, parameters: parameters, context: context)
        progress("nearest hall and kiosk minutes: no cut-off")
        let description = context.description + (graphOrigin?.joinedNote ?? "")
        return (RunTravel(description: description, graphOrigin: graphOrigin, unreachableCells: unreachableCells), input)
    }
}
