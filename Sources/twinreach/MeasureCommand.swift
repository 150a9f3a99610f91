import ArgumentParser
import TwinReachKit

/// `twinreach measure`: one accessibility measure per cell from the three CSV tables.
struct MeasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Compute an accessibility measure per cell (PySAL access definitions) and write id,value.")

    @Option(help: "Cells: id,pop.") var population: String
    @Option(help: "Sites: id,capacity.") var supply: String
    @Option(help: "Travel minutes: origin,destination,minutes (cell to site).") var matrix: String
    @Option(help: "One of \(MeasureName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var measure: String
    @Option(name: .customLong("max-minutes"), parsing: .unconditional, help: "PySAL max_cost: pairs with minutes <= this take part.")
    var maxMinutes: Double?
    @Option(help: "Step weights MINUTES:WEIGHT,... (e2sfca default 10:1,20:0.68,30:0.22; 3sfca 10:0.962,20:0.704,30:0.377,60:0.042).")
    var steps: String?
    @Option(parsing: .unconditional, help: "Gaussian width in minutes (g2sfca).") var sigma: Double?
    @Option(parsing: .unconditional, help: "Gravity scale in minutes.") var scale: Double?
    @Option(parsing: .unconditional, help: "Gravity exponent (e.g. -1).") var alpha: Double?
    @Option(name: .customLong("min-minutes"), parsing: .unconditional, help: "Gravity: shorter times count as this (default 0).")
    var minMinutes: Double?
    @Option(parsing: .unconditional, help: "RAAM travel scale in minutes (default 60).") var tau: Double?
    @Flag(help: "Divide by the population-weighted mean.") var normalize = false
    @Option(help: "Cell-to-cell minutes origin,destination,minutes (fca).") var neighbors: String?
    @Option(help: "Output CSV (id,value), in a folder that exists; it replaces only a CSV measure wrote.") var output: String

    func validate() throws {
        guard MeasureName(rawValue: measure) != nil else {
            throw ValidationError("unknown measure '\(measure)': use one of \(MeasureName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        guard let name = MeasureName(rawValue: measure) else { throw ExitCode.validationFailure }
        try Measure.run(MeasureOptions(
            populationPath: population, supplyPath: supply, matrixPath: matrix, measure: name,
            maxMinutes: maxMinutes, steps: steps, sigmaMinutes: sigma, scaleMinutes: scale, alpha: alpha,
            minMinutes: minMinutes, tauMinutes: tau, normalize: normalize, neighborsPath: neighbors,
            outputPath: output))
    }
}
