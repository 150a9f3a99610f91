import Foundation
import TestSupport
import Testing

// `twinreach optimize` as a user runs it: the JSON it writes on the hand-made `tiny` case, and
// the exit code and message for each kind of bad request or bad file.

/// A scratch folder with the tiny case's files (copied from the shared peers) plus extras.
func tinyFolder(_ name: String = #function) throws -> URL? {
    guard let tiny = try Paths.sharedFile("peers/cases/tiny") else { return nil }
    let dir = try Paths.scratch(name)
    for file in ["population.csv", "matrix.csv", "candidates.csv"] {
        try FileManager.default.copyItem(at: tiny.appendingPathComponent(file), to: dir.appendingPathComponent(file))
    }
    return dir
}

func optimizeArguments(_ dir: URL, _ extra: [String], output: String = "out.json") -> [String] {
    ["optimize", "--population", dir.appendingPathComponent("population.csv").path,
     "--matrix", dir.appendingPathComponent("matrix.csv").path,
     "--candidates", dir.appendingPathComponent("candidates.csv").path] + extra
        + ["--output", dir.appendingPathComponent(output).path]
}

func readJSON(_ url: URL) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    return object as? [String: Any] ?? [:]
}

@Test("writes the contract's fields; fixed sites are open besides p")
func writesContractJSON() throws {
    guard let dir = try tinyFolder() else { return }
    defer { try? FileManager.default.removeItem(at: dir) }
    // p-median, one new site besides the fixed s3 (hand-computed in the comments below).
    try "id\ns3\n".write(to: dir.appendingPathComponent("fixed.csv"), atomically: true, encoding: .utf8)
    for exact in [[], ["--exact"]] {
        let run = try Tool.run(optimizeArguments(dir, ["--model", "pmedian", "--p", "1", "--fixed",
                                                       dir.appendingPathComponent("fixed.csv").path] + exact))
        #expect(run.status == 0, "\(run.stderr)")
        let json = try readJSON(dir.appendingPathComponent("out.json"))
        for key in ["model", "p", "radius_minutes", "objective", "selected", "bound", "gap", "proven_optimal", "seconds"] {
            #expect(json.keys.contains(key), "missing \(key)")
        }
        // s2 + s3: c1 25·100 + c2 15·200 + c3 12·300 + c4 20·400 + c6 35·500 = 34600
        // (s1 + s3: 500 + 2000 + 3600 + 45·400 + 17500 = 41600). c5 has no population.
        #expect(json["objective"] as? Double == 34600)
        #expect(json["selected"] as? [String] == ["s2"])
        #expect(json["fixed"] as? [String] == ["s3"])
        #expect(json["model"] as? String == "pmedian")
        #expect(json["p"] as? Int == 1)
        #expect(json["radius_minutes"] is NSNull)
        #expect(json["proven_optimal"] as? Bool == true)
        #expect(json["gap"] as? Double == 0)
    }
    // MCLP within 30 minutes with s2 fixed: s2 covers c1, c2, c4 (700); s1 adds c3 (300), so
    // does s3; the tie goes to the first candidate.
    try "id\ns2\n".write(to: dir.appendingPathComponent("fixed.csv"), atomically: true, encoding: .utf8)
    let run = try Tool.run(optimizeArguments(dir, ["--model", "mclp", "--p", "1", "--radius-minutes", "30", "--exact",
                                                   "--fixed", dir.appendingPathComponent("fixed.csv").path]))
    #expect(run.status == 0, "\(run.stderr)")
    let json = try readJSON(dir.appendingPathComponent("out.json"))
    #expect(json["objective"] as? Double == 1000)
    #expect(json["selected"] as? [String] == ["s1"])
    #expect(json["radius_minutes"] as? Double == 30)
}

/// Runs a failing request and checks its exit code, its message, and that no output appeared.
func expectFailure(_ dir: URL, _ extra: [String], status: Int32, message: String,
                   sourceLocation: SourceLocation = #_sourceLocation) throws {
    let output = "fail.json"
    let run = try Tool.run(optimizeArguments(dir, extra, output: output))
    #expect(run.status == status, "\(run.stderr)", sourceLocation: sourceLocation)
    #expect(run.stderr.contains(message), "stderr: \(run.stderr)", sourceLocation: sourceLocation)
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(output).path), sourceLocation: sourceLocation)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
    #expect(leftovers.isEmpty, sourceLocation: sourceLocation)
}

@Test("usage errors exit 64 and say what is wrong")
func usageErrors() throws {
    guard let dir = try tinyFolder() else { return }
    defer { try? FileManager.default.removeItem(at: dir) }
    try expectFailure(dir, ["--model", "twin", "--p", "1"], status: 64,
                      message: "--model twin needs --district DIR")
    try expectFailure(dir, ["--model", "median", "--p", "1"], status: 64,
                      message: "unknown --model 'median' (mclp, pmedian, lscp, pcenter or twin)")
    try expectFailure(dir, ["--model", "pmedian"], status: 64, message: "--model pmedian needs --p")
    try expectFailure(dir, ["--model", "mclp", "--p", "1"], status: 64, message: "--model mclp needs --radius-minutes")
    try expectFailure(dir, ["--model", "lscp", "--p", "1", "--radius-minutes", "30"], status: 64,
                      message: "--model lscp takes no --p")
    try expectFailure(dir, ["--model", "pcenter", "--p", "4"], status: 64,
                      message: "--p: 4 new sites asked for, but only 3 candidates can be opened")
    try expectFailure(dir, ["--model", "pcenter", "--p", "1", "--time-limit", "0"], status: 64,
                      message: "--time-limit: must be a number of seconds > 0")
    try expectFailure(dir, ["--model", "mclp", "--p", "1", "--radius-minutes=-5"], status: 64,
                      message: "--radius-minutes: must be a finite number >= 0")
}

@Test("bad data exits 65 naming the file and line; a missing file exits 66")
func dataErrors() throws {
    guard let dir = try tinyFolder() else { return }
    defer { try? FileManager.default.removeItem(at: dir) }
    let model = ["--model", "pmedian", "--p", "1"]
    func write(_ name: String, _ text: String) throws {
        try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let population = dir.appendingPathComponent("population.csv").path
    let matrix = dir.appendingPathComponent("matrix.csv").path
    let candidates = dir.appendingPathComponent("candidates.csv").path
    let goodPopulation = try String(contentsOfFile: population, encoding: .utf8)
    let goodMatrix = try String(contentsOfFile: matrix, encoding: .utf8)

    try write("population.csv", "id,pop\nc1,100\nc2,lots\n")
    try expectFailure(dir, model, status: 65, message: "\(population):3: pop 'lots' is not a number >= 0 (id c2)")
    try write("population.csv", "id,pop\nc1,100\nc1,5\n")
    try expectFailure(dir, model, status: 65, message: "\(population):3: id c1 appears twice")
    try write("population.csv", "id,people\nc1,100\n")
    try expectFailure(dir, model, status: 65, message: "\(population):1: missing column pop")
    try write("population.csv", goodPopulation)

    try write("matrix.csv", goodMatrix + "c2,s3,-1\n")
    try expectFailure(dir, model, status: 65, message: "\(matrix):14: minutes -1 is negative")
    try write("matrix.csv", goodMatrix + "c2,s1,11.5\n")
    try expectFailure(dir, model, status: 65, message: "\(matrix):14: pair c2 -> s1 appears twice")
    try write("matrix.csv", goodMatrix)

    try write("candidates.csv", "id\ns1\ns2\ns1\n")
    try expectFailure(dir, model, status: 65, message: "\(candidates):4: id s1 appears twice")
    try write("candidates.csv", "id\ns1\ns2\ns3\n")

    try write("fixed.csv", "id\nh9\n")
    try expectFailure(dir, model + ["--fixed", dir.appendingPathComponent("fixed.csv").path], status: 65,
                      message: "fixed.csv:2: fixed site h9 is not a destination in \(matrix)")

    try expectFailure(dir, model + ["--fixed", dir.appendingPathComponent("absent.csv").path], status: 66,
                      message: "absent.csv: no such file")
}
