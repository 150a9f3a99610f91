import Foundation
import Model
import Testing
import TestSupport
@testable import TwinReachKit

@Suite struct CompareTests {
    /// Closing the eastern hall of a 3 km corridor leaves the three cells beyond 30 minutes
    /// (1.8, 2.5 and 3 km from the western hall: 31.2, 43.3 and 52 min) with a gap.
    @Test func gapsOpenedWhereTheClosedHallWasTheOnlyOneNear() throws {
        var t = TinyDistrict()
        t.item("S1", perThousand: 10)
        t.hall("A", x: 0, y: 0)
        t.hall("B", x: 3000, y: 0)
        for x in [0.0, 500, 1000, 1800, 2500, 3000] { t.cell("c\(Int(x))", x: x, y: 0, pop: 100) }
        let root = try Paths.scratch()
        _ = try t.write(to: root.appendingPathComponent("district"))
        try "name: base\ndistrict: district\n".write(to: root.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try "name: closed\ndistrict: district\nchanges:\n  - close_site: B\n".write(to: root.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        for (file, out) in [("a.yaml", "ra"), ("b.yaml", "rb")] {
            let r = try Tool.run(["run", root.appendingPathComponent(file).path, "--out", root.appendingPathComponent(out).path, "-q"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let result = try Tool.run(["compare", root.appendingPathComponent("ra").path, root.appendingPathComponent("rb").path,
                                   "--out", root.appendingPathComponent("cmp").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Gap cells opened: 3; closed: 0"))
        // B served three cells of 100 residents at 10 completions per 1,000 a year.
        #expect(result.stdout.contains("| B (B) | 3 | closed |"), "\(result.stdout)")
        let changes = try String(contentsOf: root.appendingPathComponent("cmp/gap_changes.geojson"), encoding: .utf8)
        for id in ["c1800", "c2500", "c3000"] { #expect(changes.contains("\"id\":\"\(id)\",\"change\":\"opened\"")) }
        #expect(!changes.contains("\"id\":\"c1000\""))
        let csv = try String(contentsOf: root.appendingPathComponent("cmp/compare.csv"), encoding: .utf8)
        #expect(csv.contains("gap population,0,300,300,"))
    }

    @Test func missingRunFolderIsReported() throws {
        let result = try Tool.run(["compare", "/nonexistent/a", "/nonexistent/b"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("/nonexistent/a/summary.json: no such file"))
    }
}
