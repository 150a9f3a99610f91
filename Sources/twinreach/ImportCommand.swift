import ArgumentParser
import Foundation
import Model
import TwinReachKit

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the SpatiaLite store of a district: layers, road graphs per mode, snapping, input hashes.",
        discussion: """
        Layers (EPSG:4326): boundary, subdistricts, cells, sites, candidates (when any), and per \
        travel mode road_nodes_<mode> and road_edges_<mode> (the largest strongly connected \
        component of the ways the mode may use; what was dropped is printed). Tables: snaps (each \
        cell and site snapped to each mode's nearest node within max_snap_meters; NULL beyond) \
        and metadata (counts and the FNV-1a 64 hash of every input file — a change detector, not \
        a cryptographic hash). The store opens in QGIS, ogrinfo and spatialite.
        """)

    @Argument(help: "A district folder.") var district: String
    @Option(help: "Store path (default: <district>/twinreach.sqlite).") var store: String?

    func run() throws {
        let bar = ProgressBar()
        let onTerminal = isatty(STDERR_FILENO) != 0
        let report = try ImportCommand.run(district: district, store: store, counter: onTerminal ? bar.draw : nil)
        bar.endLine()
        for line in report.lines { print(line) }
    }
}
