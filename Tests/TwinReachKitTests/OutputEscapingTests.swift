import Foundation
import Formats
import Model
import TestSupport
import Testing
@testable import TwinReachKit

// Names and ids from the inputs reach spreadsheets (CSV) and Markdown viewers (report.md): a
// formula must stay text, and a Markdown link must show as text.

@Test("CSV text fields that a spreadsheet would run are neutralised; numbers stay numbers")
func csvFieldNeutralisesFormulas() {
    #expect(CSVField.text("=HYPERLINK(\"http://evil\",\"x\")") == "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"")
    #expect(CSVField.text("+cmd|' /C calc'!A0") == "\"'+cmd|' /C calc'!A0\"")
    #expect(CSVField.text("@SUM(A1)") == "\"'@SUM(A1)\"")
    #expect(CSVField.text("-2+3") == "\"'-2+3\"")
    #expect(CSVField.text("\tx") == "\"'\tx\"")
    #expect(CSVField.text("\rx") == "\"'\rx\"")
    #expect(CSVField.text("-") == "\"'-\"")
    for number in ["-1.5", "+3", "-.5", "2e-4", "-2E+3", "12", "0.25"] { #expect(CSVField.text(number) == number) }
    #expect(CSVField.text("Nord, Ost") == "\"Nord, Ost\"")
    #expect(CSVField.text("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(CSVField.text("Canillo") == "Canillo")
    #expect(CSVField.text("a=b") == "a=b")
}

@Test("Markdown metacharacters in names are escaped, so links and markup show as text")
func markdownEscapesNames() {
    #expect(MarkdownText.escape("[x](javascript:alert(1))") == "\\[x\\]\\(javascript:alert\\(1\\)\\)")
    #expect(MarkdownText.escape("![img](http://e/x.png)") == "\\!\\[img\\]\\(http://e/x.png\\)")
    #expect(MarkdownText.escape("*a* _b_ `c` <b>d</b> | # e ~f~ \\") == "\\*a\\* \\_b\\_ \\`c\\` \\<b\\>d\\</b\\> \\| \\# e \\~f\\~ \\\\")
    #expect(MarkdownText.escape("two\nlines\r\nhere") == "two lines here")
    #expect(MarkdownText.escape("Sant Julià de Lòria") == "Sant Julià de Lòria")
}

@Test("a run's summary.csv and report.md keep hostile names as text")
func runOutputsEscapeNames() throws {
    var t = TinyDistrict()
    t.item("S1", perThousand: 10)
    t.hall("A", x: 0, y: 0)
    t.sites[0].name = "[x](javascript:alert(1))"
    t.cell("c1", x: 100, y: 0, pop: 100)
    t.subdistrict("=HYPERLINK(\"http://evil\",\"x\")", -5_000, -5_000, 5_000, 5_000)
    let root = try Paths.scratch()
    defer { try? FileManager.default.removeItem(at: root) }
    _ = try t.write(to: root.appendingPathComponent("district"))
    let file = root.appendingPathComponent("s.yaml")
    try "name: \"-1 [s](javascript:x)\"\ndistrict: district\nchanges: []\n".write(to: file, atomically: true, encoding: .utf8)
    let out = root.appendingPathComponent("out")
    _ = try RunCommand.run(RunOptions(scenarioPath: file.path, outPath: out.path))
    let csv = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
    let rows = csv.split(separator: "\n").map(String.init)
    let hostile = "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""
    #expect(rows.count == 3)
    #expect(rows[2].hasPrefix("\(hostile),\(hostile),1,100,"), "\(rows[2])") // id, name, cells, population
    let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
    #expect(report.hasPrefix("# -1 \\[s\\]\\(javascript:x\\) — "), "\(report.prefix(80))")
    #expect(report.contains("| \\[x\\]\\(javascript:alert\\(1\\)\\) (A) |"), "\(report)")
    #expect(!report.contains("](javascript"))
}

@Test("measure writes formula-like ids as text and numeric ids as numbers")
func measureOutputNeutralisesIDs() throws {
    let dir = try Paths.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    func write(_ name: String, _ text: String) throws { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    try write("population.csv", "id,pop\n@SUM(A1),100\n-5,300\n")
    try write("supply.csv", "id,capacity\ns1,10\n")
    try write("matrix.csv", "origin,destination,minutes\n@SUM(A1),s1,5\n-5,s1,10\n")
    let run = try Tool.run(["measure", "--population", dir.appendingPathComponent("population.csv").path,
                            "--supply", dir.appendingPathComponent("supply.csv").path,
                            "--matrix", dir.appendingPathComponent("matrix.csv").path, "--measure", "2sfca",
                            "--max-minutes", "30", "--output", dir.appendingPathComponent("out.csv").path])
    #expect(run.status == 0, "\(run.stderr)")
    // Both cells reach s1: 10 / (100 + 300) = 0.025 each; rows sorted by id bytes ("-" < "@").
    let text = try String(contentsOf: dir.appendingPathComponent("out.csv"), encoding: .utf8)
    #expect(text == "id,value\n-5,0.025\n\"'@SUM(A1)\",0.025\n")
}
