import ArgumentParser
import Foundation
import TwinReachKit

/// `twinreach optimize`: site selection (MCLP, p-median, LSCP, p-center) from a travel-time matrix.
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Choose sites: maximal covering, p-median, set covering or p-center over candidate sites.",
        discussion: """
        --p counts NEW sites; sites listed in --fixed are open besides them. twin: least generalized \
        minutes after the channel choice; needs --district (its sites are kept open); without --population, \
        --matrix and --candidates the district gives them: its cells, its travel minutes (travel_matrix.csv, roads or \
        straight lines, as run) and its candidates.geojson (else cell centroids, one per km). Heuristic by default \
        (greedy, then vertex substitution; for lscp redundancy removal, swaps and a Lagrangian step; with a bound and gap); --exact proves the optimum with CBC \
        (within --time-limit, else the best solution with its gap). lscp is solved exactly without --exact \
        when its covering matrix (one row per distinct set of covering sites) has at most 100,000 nonzeros, \
        CBC then stopping after 1,000 nodes; lscp with cells that no site reaches within the radius is an \
        error (exit 65, spopt's "Infeasible") unless --allow-uncovered leaves them out. The JSON's status: \
        optimal (proven), stopped_with_solution (an exact solve hit a limit: best found, with bound and gap) \
        or heuristic.
        """
    )

    @Option(help: "Cells: CSV id,pop (demand = cells with pop > 0); twin: optional, with --matrix and --candidates.") var population: String?
    @Option(help: "Travel minutes: CSV origin,destination,minutes (origin = cell, destination = site).") var matrix: String?
    @Option(help: "Candidate sites: CSV id.") var candidates: String?
    @Option(help: "mclp | pmedian | lscp | pcenter | twin") var model: String
    @Option(help: "Number of new sites (mclp, pmedian, pcenter).") var p: Int?
    @Option(name: .customLong("radius-minutes"), help: "Coverage radius in minutes, inclusive (mclp, lscp).") var radiusMinutes: Double?
    @Option(help: "Existing sites kept open: CSV id (destinations of the matrix).") var fixed: String?
    @Flag(help: "Prove the optimum with the CBC MIP solver.") var exact = false
    @Option(name: .customLong("time-limit"), help: "Stop after this many seconds with the best solution and its gap.") var timeLimit: Double?
    @Flag(name: .customLong("allow-uncovered"), help: "lscp: leave out the cells no site reaches within the radius (counted as uncoverable_cells); the other models are unchanged by it.") var allowUncovered = false
    @Option(help: "Worker threads; the result is the same for any count.") var threads: Int = 2
    @Option(help: "Result JSON file, in a folder that exists; it replaces only a JSON optimize wrote (\"written_by\": \"twinreach optimize\").") var output: String
    @Option(help: "twin: district folder (catalogue, channels, cell shares, existing sites, twin_weights).") var district: String?
    @Option(help: "twin: kind of the new sites, hall (default) or kiosk.") var kind: String?
    @Option(help: "twin: tier of new halls (default street).") var tier: String?

    func run() throws {
        let report = try TwinReachKit.optimize(OptimizeRequest(
            populationPath: population, matrixPath: matrix, candidatesPath: candidates, model: model, p: p,
            radiusMinutes: radiusMinutes, fixedPath: fixed, exact: exact, timeLimitSeconds: timeLimit,
            allowUncovered: allowUncovered, threads: threads, outputPath: output,
            districtPath: district, kind: kind, tier: tier))
        let r = report.result
        var line = "\(report.model.name): objective \(r.objective.isFinite ? "\(r.objective)" : "infinite")"
        let gap = r.gap.map { "gap \(String(format: "%.3g", $0))" } ?? "no bound"
        switch r.status {
        case .optimal: line += " (proven optimal)"
        case .stoppedWithSolution: line += " (exact solve stopped, not proven optimal: \(gap))"
        case .heuristic: line += " (heuristic, \(gap))"
        }
        line += ", \(report.selectedIDs.count) new site\(report.selectedIDs.count == 1 ? "" : "s"), \(String(format: "%.2f", report.seconds)) s -> \(output)\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }
}
