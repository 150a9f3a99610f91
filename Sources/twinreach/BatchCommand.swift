import ArgumentParser
import Foundation
import Model
import TwinReachKit

/// `twinreach batch`: one scenario over many districts (`batch <scenario> --districts GLOB`, the
/// default subcommand) and the merge of shard folders (`batch merge`).
struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one scenario over many districts and compare them in one table (batch.csv, batch.md, batch.svg).",
        subcommands: [BatchRun.self, BatchMerge.self], defaultSubcommand: BatchRun.self)
}

struct BatchRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the scenario's changes on every district folder the glob finds, in parallel, into one comparison table.",
        discussion: """
        Exit 0 when every district ran; 65 when one or more failed (their rows in batch.csv and batch.md say why, \
        with each error's own exit code); other codes when the batch itself could not run (a change that names \
        one district's sites, no district found, an output folder it may not replace).
        """)

    @Argument(help: "The scenario .yaml file; its changes must name nothing of one district (no sites, subdistricts, places, neighbours).")
    var scenario: String
    @Option(help: "A glob of district folders, quoted so that the shell leaves it alone, e.g. 'GeoData/*'.") var districts: String
    @Option(help: "Districts run at once (default: the number of cores); the outputs are the same bytes for any count.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Run only shard I of N (e.g. 2/8): a deterministic slice of the districts, balanced by input size.") var shard: String?
    @Option(help: "Output folder (default: out/batch-<scenario name>, or out/batch-<name>-shard-I-of-N); it replaces only an empty folder or an earlier batch's.")
    var out: String?
    @Flag(name: .shortAndLong, help: "Print nothing but errors.") var quiet = false
    @Option(help: "Run nothing: write Slurm scripts into this folder (a job array of the shards, then the merge into --out; see its README.md).")
    var emitSlurm: String?
    @Option(help: "With --emit-slurm: the number of shards (default: one per 2 × --jobs districts, at most 1000).") var shards: Int?
    /// Folders the shell expanded from an unquoted glob: refused with the advice to quote it.
    @Argument(parsing: .allUnrecognized, help: .hidden) var expanded: [String] = []

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if let option = expanded.first(where: { $0.hasPrefix("-") }) { throw ValidationError("Unknown option '\(option)'") }
        if !expanded.isEmpty {
            throw ValidationError("--districts takes one glob, and \(expanded.count) more argument(s) followed (\(expanded.prefix(3).joined(separator: " "))\(expanded.count > 3 ? " ..." : "")): quote the glob, e.g. --districts 'GeoData/*', so that the shell does not expand it")
        }
        if shards != nil && emitSlurm == nil { throw ValidationError("--shards goes with --emit-slurm (a local batch runs --shard I/N)") }
    }

    func run() throws {
        var options = BatchOptions(scenarioPath: scenario, districtsGlob: districts, jobs: jobs, outPath: out,
                                   shard: try shard.map(BatchDistricts.parseShard))
        if let emitSlurm {
            let plan = try EmitSlurm.run(options, folder: emitSlurm, shards: shards, twinreach: try executablePath())
            if !quiet { print("wrote \(plan.folder)/: \(plan.districtCount) districts in \(plan.shards) shard\(plan.shards == 1 ? "" : "s"); submit with \(plan.folder)/submit.sh") }
            return
        }
        let line = BatchProgressLine()
        if !quiet && isatty(STDERR_FILENO) != 0 { options.progress = line.draw }
        let outcome = try BatchCommand.run(options)
        line.end()
        try report(outcome, quiet: quiet)
    }
}

struct BatchMerge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the folders of a batch's shards into the tables and the chart of one unsharded batch, byte for byte.",
        discussion: "Refuses shards of different versions, scenarios or district sets, a shard given twice and a missing shard. Exit 65 when the merged table has failed districts.")

    @Argument(help: "The shard folders (the --out folders of `twinreach batch --shard I/N`).") var shards: [String]
    @Option(help: "Output folder; it replaces only an empty folder or an earlier batch's.") var out: String
    @Flag(name: .shortAndLong, help: "Print nothing but errors.") var quiet = false

    func run() throws {
        try report(try BatchCommand.merge(shards, out: out), quiet: quiet)
    }
}

/// Prints the outcome and the failed districts; a batch with failed districts exits 65.
func report(_ outcome: BatchOutcome, quiet: Bool) throws {
    for failure in outcome.failures {
        FileHandle.standardError.write(Data("district \(failure.district) failed: \(failure.error)\n".utf8))
    }
    if !quiet {
        print("batch: \(outcome.districts - outcome.failures.count) of \(outcome.districts) districts ran, \(outcome.failures.count) failed")
        print("table: \(outcome.outPath)/batch.csv, \(outcome.outPath)/batch.md, chart: \(outcome.outPath)/batch.svg")
    }
    if !outcome.failures.isEmpty { throw ExitCode(BatchOutcome.someFailedExitCode) }
}

/// `districts: 12/100 done, 1 failed, 3.4/min` on standard error, redrawn in place.
final class BatchProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let start = Date()
    private var drawn = false

    @Sendable func draw(done: Int, failed: Int, total: Int) {
        lock.lock(); defer { lock.unlock() }
        let minutes = max(Date().timeIntervalSince(start) / 60, 1e-6)
        let text = "\r  districts: \(done)/\(total) done, \(failed) failed, \(String(format: "%.1f", Double(done) / minutes))/min   "
        FileHandle.standardError.write(Data(text.utf8))
        drawn = true
    }

    func end() {
        lock.lock(); defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\n".utf8)); drawn = false }
    }
}

/// This program's absolute path, for the scripts that run it on other machines.
func executablePath() throws -> String {
    guard let path = realpath("/proc/self/exe", nil) else {
        throw InputError(.internalError, file: "twinreach", .file, "cannot find its own path (/proc/self/exe): \(String(cString: strerror(errno)))")
    }
    defer { free(path) }
    return String(cString: path)
}
