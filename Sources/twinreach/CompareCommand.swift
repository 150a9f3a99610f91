import ArgumentParser
import TwinReachKit

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two run folders: summary deltas, cells whose gap opened or closed, halls whose load changed most.")

    @Argument(help: "The first (reference) run folder.") var runA: String
    @Argument(help: "The second run folder.") var runB: String
    @Option(help: "Output folder (default: compare-<A>-vs-<B> beside run B): new, empty, or one compare wrote (marked .twinreach-compare).") var out: String?

    func run() throws {
        let result = try CompareCommand.run(runA: runA, runB: runB, out: out)
        print(result.markdown)
        print("wrote \(result.outPath)/compare.md, compare.csv, gap_changes.geojson")
    }
}
