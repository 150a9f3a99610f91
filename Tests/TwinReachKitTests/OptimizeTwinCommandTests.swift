import Foundation
import TestSupport
import Testing

// `twinreach optimize --model twin --district DIR`: the same two clusters as the scenario test
// (`twinOptimizeStepWeighsTheNotDigitalElderly`), with the minutes given in the matrix.

/// West: 1,000 residents, half digital; east: 500 elderly, none digital; hall A 52 minutes from
/// both; candidates cw (at west, 0 minutes; 104 from east) and ce (the other way round). One
/// online item (15 minutes online), one hall trip, 10 completions per 1,000 a year.
func twinFolder(elderlyWeight: Double, _ name: String = #function) throws -> URL {
    var t = TinyDistrict()
    t.settings.twinWeightElderly = elderlyWeight
    t.item("S1", perThousand: 10, online: true)
    t.hall("A", x: 3000, y: 0)
    t.cell("west", x: 0, y: 0, pop: 1000, elderly: 0, digital: 0.5)
    t.cell("east", x: 6000, y: 0, pop: 500, elderly: 1, digital: 0)
    let dir = try Paths.scratch(name)
    _ = try t.write(to: dir.appendingPathComponent("district"))
    try "id,pop\nwest,1000\neast,500\n".write(to: dir.appendingPathComponent("population.csv"), atomically: true, encoding: .utf8)
    try "origin,destination,minutes\nwest,A,52\neast,A,52\nwest,cw,0\neast,ce,0\nwest,ce,104\neast,cw,104\n"
        .write(to: dir.appendingPathComponent("matrix.csv"), atomically: true, encoding: .utf8)
    try "id\ncw\nce\n".write(to: dir.appendingPathComponent("candidates.csv"), atomically: true, encoding: .utf8)
    return dir
}

@Test("optimize --model twin weighs the not-digital elderly as district.yaml says")
func twinCommandHandChecked() throws {
    // cw: east pays 500·0.01·W·2·52 = 520·W (A is nearer than cw); ce: west's digital half
    // 5·min(15, 104) = 75, its other half 5·104 = 520: 595. W = 1: cw (520); W_e = 2: ce (595).
    for (weight, site, objective) in [(1.0, "cw", 520.0), (2.0, "ce", 595.0)] {
        let dir = try twinFolder(elderlyWeight: weight)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Tool.run(optimizeArguments(dir, ["--model", "twin", "--p", "1", "--district",
                                                       dir.appendingPathComponent("district").path, "--tier", "street"]))
        #expect(run.status == 0, "\(run.stderr)")
        let json = try readJSON(dir.appendingPathComponent("out.json"))
        #expect(json["model"] as? String == "twin")
        #expect(json["selected"] as? [String] == [site])
        #expect(json["fixed"] as? [String] == ["A"])
        #expect((json["objective"] as? Double).map { abs($0 - objective) < 1e-9 } == true, "\(json)")
        #expect(json["unreached_completions"] as? Double == 0)
        if let bound = json["bound"] as? Double { #expect(bound <= objective + 1e-9) }
    }
}

@Test("optimize --model twin: usage and data errors")
func twinCommandErrors() throws {
    let dir = try twinFolder(elderlyWeight: 1)
    defer { try? FileManager.default.removeItem(at: dir) }
    let district = dir.appendingPathComponent("district").path
    try expectFailure(dir, ["--model", "twin", "--p", "1"], status: 64,
                      message: "--model twin needs --district DIR")
    try expectFailure(dir, ["--model", "pmedian", "--p", "1", "--district", district], status: 64,
                      message: "--model pmedian takes no --district (twin only)")
    try expectFailure(dir, ["--model", "twin", "--p", "1", "--district", district, "--kind", "booth"], status: 64,
                      message: "--kind: 'booth' is not hall or kiosk")
    try "id,pop\nwest,1000\nnorth,500\n".write(to: dir.appendingPathComponent("population.csv"), atomically: true, encoding: .utf8)
    try expectFailure(dir, ["--model", "twin", "--p", "1", "--district", district], status: 65,
                      message: "population.csv:3: id north is not a cell of \(district)")
}
