import Foundation
import Testing
import Model
import TestSupport
@testable import Formats

/// Outputs written through a temporary renamed into place: the temporaries of a killed process
/// (`.<name>.<PID>.tmp`, its PID gone) are removed by the next write of the same file; nothing
/// else is touched.
@Suite struct AtomicFileTests {
    /// A process id that no process has (one that ran and exited).
    func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    func leave(_ names: [String], in folder: URL) throws {
        for name in names { try Data("partial".utf8).write(to: folder.appendingPathComponent(name)) }
    }

    @Test func nextWriteRemovesTemporariesOfDeadProcessesOnly() throws {
        let folder = try Paths.scratch()
        let dead = try deadPID()
        // Kept: those of living processes (the parent, 1), other files' and look-alikes.
        let kept = [".report.md.\(getppid()).tmp", ".report.md.1.tmp", ".summary.md.\(dead).tmp", ".report.md.\(dead).tmpx",
                    ".report.md.\(dead)x.tmp", "report.md.\(dead).tmp", ".report.md..tmp"]
        try leave([".report.md.\(dead).tmp"] + kept, in: folder)
        try AtomicFile.write("# report\n", to: folder.appendingPathComponent("report.md").path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == (["report.md"] + kept).sorted())

        try leave([".cells.geojson.\(dead).tmp", ".cells.geojson.1.tmp"], in: folder)
        let writer = try GeoJSONWriter(path: folder.appendingPathComponent("cells.geojson").path)
        try writer.finish()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!names.contains(".cells.geojson.\(dead).tmp"))
        #expect(names.contains(".cells.geojson.1.tmp") && names.contains("cells.geojson"))
    }
}
