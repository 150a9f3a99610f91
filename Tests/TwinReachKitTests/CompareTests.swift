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
        // From no gap to 300 residents: the change in residents, no relative change from 0.
        #expect(result.stdout.contains("| gap population | 0 | 300 | +300 |  |"), "\(result.stdout)")
    }

    /// The precision rule (CompareUnit): values at their unit's precision, changes in the unit,
    /// relative changes only from a base large enough for them to mean something.
    @Test func changesAreShownAtEachFiguresPrecision() {
        func row(_ unit: CompareUnit, _ a: Double, _ b: Double) -> [String] {
            [unit.value(a), unit.value(b), unit.change(from: a, to: b), unit.relativeText(from: a, to: b)]
        }
        // A wait of 2 s growing by 1 s is +52 % of almost nothing: shown as minutes only.
        #expect(row(.minutes, 2.0 / 60, 3.04 / 60) == ["0.03", "0.05", "+0.02 min", ""])
        #expect(row(.minutes, 8.53, 4.17) == ["8.53", "4.17", "−4.36 min", "−51.1 %"])
        // The README's walkthrough: gap population and trips per resident-year.
        #expect(row(.residents, 55_415, 22_469) == ["55,415", "22,469", "−32,946", "−59.5 %"])
        #expect(row(.residents, 40, 60) == ["40", "60", "+20", ""])
        #expect(row(.perResidentYear, 0.2452, 0.1465) == ["0.2452", "0.1465", "−0.0987", "−40.3 %"])
        #expect(row(.perResidentYear, 0.004, 0.006) == ["0.004", "0.006", "+0.002", ""])
        // Shares change in percentage points, never relatively.
        #expect(row(.share, 0.8, 0.85) == ["80 %", "85 %", "+5 pp", ""])
        #expect(row(.share, 0.5, 0.50001) == ["50 %", "50 %", "0", ""])
        #expect(row(.index, 0.312, 0.2875) == ["0.312", "0.288", "−0.025", ""])
    }

    @Test func missingRunFolderIsReported() throws {
        let result = try Tool.run(["compare", "/nonexistent/a", "/nonexistent/b"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("/nonexistent/a/summary.json: no such file"))
    }
}
