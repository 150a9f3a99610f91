import ArgumentParser
import Foundation
import TwinReachKit

/// `twinreach export-matrix`: the CSVs `measure` and `optimize` read, from a district or a scenario.
struct ExportMatrix: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-matrix",
        abstract: "Write population.csv, sites.csv, candidates.csv and matrix.csv (the run's travel minutes) for measure, optimize or other tools.",
        discussion: """
        From a district folder, or a scenario file with its changes applied (its optimize steps are not: \
        the files are their inputs). matrix.csv holds cell -> candidate and cell -> site minutes within the \
        run's cut-off (twice the larger threshold, at least 60 minutes), from travel_matrix.csv, the roads or \
        straight lines as run takes them.
        """)

    @Argument(help: "A scenario .yaml file or a district folder.") var path: String
    @Option(help: "Output folder: new, empty, or one export-matrix wrote (marked .twinreach-export-matrix).") var out: String
    @Option(help: "Worker threads; the files are the same bytes for any count.") var threads: Int = 2

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let outcome = try ExportMatrixCommand.run(path: path, out: out, threads: threads)
        print("\(outcome.cells) cells, \(outcome.sites) sites, \(outcome.candidates) candidates, \(outcome.pairs) pairs -> \(outcome.outPath)")
    }
}
