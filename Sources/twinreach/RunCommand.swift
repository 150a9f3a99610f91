import ArgumentParser
import Foundation
import TwinReachKit

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario: travel times, channel choice with queues, coverage and gaps; writes the output folder.")

    @Argument(help: "The scenario .yaml file.") var scenario: String
    @Option(help: "Output folder (default: out/<scenario name> in the current folder); it replaces only an empty folder or an earlier run's.")
    var out: String?
    @Option(help: "Worker threads; the outputs are the same bytes for any count.") var threads: Int = 2
    @Option(help: "The channel choice considers sites up to this many minutes away (default: twice the larger threshold, at least 60); nearest-site minutes have no cut-off.")
    var maxTravelMinutes: Double?
    @Flag(help: "Write cells.geojson also beyond 300000 cells (by default the cells of a bigger district are in layers.gpkg only).")
    var cellsGeojson = false
    @Flag(name: .shortAndLong, help: "Print nothing but errors (no warnings, no summary).") var quiet = false
    @Flag(name: .shortAndLong, help: "Print each step with its time even when standard error is not a terminal.") var verbose = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if let m = maxTravelMinutes, !(m > 0 && m <= 10_080) {
            throw ValidationError("--max-travel-minutes must be a number of minutes in 0...10080 (a week), above 0")
        }
    }

    func run() throws {
        let start = Date()
        // Steps show on a terminal (or with --verbose); piped or redirected runs stay quiet.
        let showSteps = !quiet && (verbose || isatty(STDERR_FILENO) != 0)
        var options = RunOptions(scenarioPath: scenario, outPath: out, threads: threads, travelCutoffMinutes: maxTravelMinutes)
        options.cellsGeoJSON = cellsGeojson
        let bar = ProgressBar()
        if showSteps && isatty(STDERR_FILENO) != 0 { options.counter = bar.draw }
        let outcome = try RunCommand.run(options) { message in
            if showSteps {
                bar.endLine()
                let seconds = String(format: "%6.2f s", Date().timeIntervalSince(start))
                FileHandle.standardError.write(Data("  \(seconds)  \(message)\n".utf8))
            }
        }
        if !quiet {
            // As `check` prints them: repairs, cells in no subdistrict, sites nobody reaches, ...
            for warning in outcome.summary.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
            let d = outcome.summary.district
            print("\(outcome.summary.scenario): \(String(format: "%.0f", d.population.rounded())) residents, \(d.cells) cells")
            print("  within \(Int(outcome.summary.hallThresholdMinutes)) min of a hall: \(String(format: "%.1f", d.hall.shareWithinThreshold * 100)) %")
            print("  in-person trips per resident-year: \(String(format: "%.3f", d.tripsPerResidentYear))")
            print("  gap population: \(String(format: "%.0f", d.gapPopulation.rounded())) (elderly \(String(format: "%.0f", d.gapElderly.rounded())), not digital \(String(format: "%.0f", d.gapNotDigital.rounded())))")
            print("summary: \(outcome.outPath)/summary.json, report: \(outcome.outPath)/report.md")
        }
    }
}

/// A one-line progress bar on standard error: bar, count, step and rate since the step began;
/// redrawn in place, ended with a newline when the step completes.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var step = ""
    private var stepStart = Date()
    private var lineOpen = false

    /// Ends a bar left unfinished (a step that stopped early), so the next line starts clean.
    func endLine() {
        lock.lock()
        defer { lock.unlock() }
        if lineOpen { FileHandle.standardError.write(Data("\n".utf8)); lineOpen = false }
    }

    @Sendable func draw(step: String, done: Int, total: Int) {
        lock.lock()
        defer { lock.unlock() }
        if step != self.step { self.step = step; stepStart = Date() }
        let width = 24
        let filled = total > 0 ? min(width, done * width / total) : width
        let rate = Double(done) / max(Date().timeIntervalSince(stepStart), 1e-3)
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r  [\(bar)] \(done)/\(total) \(step), \(String(format: "%.1f", rate))/s   ".utf8))
        lineOpen = done < total
        if !lineOpen { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
