import ArgumentParser
import Foundation
import TwinReachKit

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario: travel times, channel choice with queues, coverage and gaps; writes the output folder.")

    @Argument(help: "The scenario .yaml file.") var scenario: String
    @Option(help: "Output folder (default: out/<scenario name> beside the scenario).") var out: String?
    @Option(help: "Worker threads; the outputs are the same bytes for any count.") var threads: Int = 2
    @Option(help: "Travel times are computed up to this many minutes (default: twice the larger threshold, at least 60).")
    var maxTravelMinutes: Double?
    @Flag(name: .shortAndLong, help: "Print nothing but errors.") var quiet = false
    @Flag(name: .shortAndLong, help: "Print each step with its time even when standard error is not a terminal.") var verbose = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let start = Date()
        // Steps show on a terminal (or with --verbose); piped or redirected runs stay quiet.
        let showSteps = !quiet && (verbose || isatty(STDERR_FILENO) != 0)
        let outcome = try RunCommand.run(RunOptions(scenarioPath: scenario, outPath: out, threads: threads, travelCutoffMinutes: maxTravelMinutes)) { message in
            if showSteps {
                let seconds = String(format: "%6.2f s", Date().timeIntervalSince(start))
                FileHandle.standardError.write(Data("  \(seconds)  \(message)\n".utf8))
            }
        }
        if !quiet {
            let d = outcome.summary.district
            print("\(outcome.summary.scenario): \(Int(d.population.rounded())) residents, \(d.cells) cells")
            print("  within \(Int(outcome.summary.hallThresholdMinutes)) min of a hall: \(String(format: "%.1f", d.hall.shareWithinThreshold * 100)) %")
            print("  in-person trips per resident-year: \(String(format: "%.3f", d.tripsPerResidentYear))")
            print("  gap population: \(Int(d.gapPopulation.rounded())) (elderly \(Int(d.gapElderly.rounded())), not digital \(Int(d.gapNotDigital.rounded())))")
            print("summary: \(outcome.outPath)/summary.json, report: \(outcome.outPath)/report.md")
        }
    }
}
