import Districts
import Foundation
import Model
import Testing
import TestSupport

/// `run` and `import` killed with SIGKILL at random moments, at least 50 times each: afterwards
/// every output is complete (the bytes of a reference run) or absent, and after one more normal
/// run or import nothing is left over (no staging folder, no store temporary).
///
/// The district (20 × 20 cells with its road grid) takes about half a second to run or import
/// in a debug build, a third of it writing. Every other kill comes at a moment drawn uniformly
/// over 1.2 times the process's duration, the others at a random moment after the writing
/// began (its staging folder or temporary appeared). The machine's load changes how long a
/// process takes, so the kills go on until 50 processes were killed, at least 15 of them while
/// writing (they left a staging folder or temporary of their own), at most 200 starts.
@Suite(.serialized) struct KillTests {
    static let kills = 50
    static let killsWhileWriting = 15
    static let maxStarts = 200

    /// What the kills found: how many processes were started, how many were killed (not already
    /// done) and how many of those left a staging folder or temporary of their own.
    struct Tally { var started = 0, killed = 0, diedWriting = 0 }

    /// Starts `arguments` and kills each at a random moment until enough were killed;
    /// `writing(names)` tells from the folder's names whether the writing began; `check(pid)`
    /// runs after each kill and returns whether the dead process left its own leftovers.
    func killRepeatedly(_ arguments: [String], in root: URL, referenceSeconds: Double, seed: UInt64,
                        writing: ([String]) -> Bool, check: (Int32) throws -> Bool) throws -> Tally {
        var random = SeededGenerator(seed: seed)
        var tally = Tally()
        // How long a whole process takes, followed as the load changes.
        var seconds = referenceSeconds
        while (tally.killed < Self.kills || tally.diedWriting < Self.killsWhileWriting) && tally.started < Self.maxStarts {
            let process = try Tool.start(arguments, cwd: root)
            let started = Date()
            if tally.started % 2 == 0 {
                Thread.sleep(forTimeInterval: random.uniform(0...(1.2 * seconds)))
            } else {
                while Date().timeIntervalSince(started) < 3 * seconds && process.isRunning,
                      !writing((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []) {
                    Thread.sleep(forTimeInterval: 0.001)
                }
                Thread.sleep(forTimeInterval: random.uniform(0...(0.3 * seconds)))
            }
            tally.started += 1
            let pid = process.processIdentifier
            if process.isRunning { kill(pid, SIGKILL) }
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal {
                tally.killed += 1
                if try check(pid) { tally.diedWriting += 1 }
            } else {
                #expect(process.terminationStatus == 0, "start \(tally.started): the process failed on its own")
                _ = try check(pid)
                seconds = (seconds + Date().timeIntervalSince(started)) / 2
            }
        }
        return tally
    }

    /// Every regular file under `folder` (relative path -> bytes).
    func files(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            result[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return result
    }

    func names(_ folder: URL) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() }

    @Test func runKilledAtRandomMomentsLeavesACompleteOutputOrNone() throws {
        let scenario = try generatedScenario(cellsX: 20, cellsY: 20, seed: 7, name: "kill")
        let root = scenario.deletingLastPathComponent()
        let started = Date()
        let reference = try Tool.run(["run", "kill.yaml", "--out", "ref", "-q"], cwd: root)
        let seconds = Date().timeIntervalSince(started)
        #expect(reference.status == 0, "\(reference.stderr)")
        let expected = try files(root.appendingPathComponent("ref"))
        #expect(expected.count == 10)  // the marker and OutputFolder.run.outputNames (with layers.gpkg)

        let out = root.appendingPathComponent("o")
        let tally = try killRepeatedly(["run", "kill.yaml", "--out", "o", "-q"], in: root, referenceSeconds: seconds, seed: 1,
                                       writing: { $0.contains { $0.hasPrefix(".o.partial-") } }) { pid in
            if FileManager.default.fileExists(atPath: out.path) {
                #expect(try files(out) == expected, "after killing \(pid): o is not the reference output")
            }
            let left = try names(root)
            return left.contains(".o.partial-\(pid)") || left.contains(".o.old-\(pid)")
        }
        #expect(tally.killed >= Self.kills && tally.diedWriting >= Self.killsWhileWriting, "\(tally)")

        let last = try Tool.run(["run", "kill.yaml", "--out", "o", "-q"], cwd: root)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(try files(out) == expected)
        let left = try names(root)
        #expect(left == ["district", "kill.yaml", "o", "ref"])
    }

    @Test func importKilledAtRandomMomentsLeavesACompleteStoreOrNone() throws {
        let scenario = try generatedScenario(cellsX: 20, cellsY: 20, seed: 7, name: "kill")
        let root = scenario.deletingLastPathComponent()
        let started = Date()
        let reference = try Tool.run(["import", "district", "--store", "ref.sqlite"], cwd: root)
        let seconds = Date().timeIntervalSince(started)
        #expect(reference.status == 0, "\(reference.stderr)")
        let expected = try Data(contentsOf: root.appendingPathComponent("ref.sqlite"))

        let store = root.appendingPathComponent("st.sqlite")
        let tally = try killRepeatedly(["import", "district", "--store", "st.sqlite"], in: root, referenceSeconds: seconds, seed: 2,
                                       writing: { $0.contains { $0.hasPrefix(".st.sqlite.tmp-") } }) { pid in
            if FileManager.default.fileExists(atPath: store.path) {
                #expect(try Data(contentsOf: store) == expected, "after killing \(pid): st.sqlite is not the reference store")
            }
            return try names(root).contains { $0.hasPrefix(".st.sqlite.tmp-\(pid)-") }
        }
        #expect(tally.killed >= Self.kills && tally.diedWriting >= Self.killsWhileWriting, "\(tally)")

        let last = try Tool.run(["import", "district", "--store", "st.sqlite"], cwd: root)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(try Data(contentsOf: store) == expected)
        let left = try names(root)
        #expect(left == ["district", "kill.yaml", "ref.sqlite", "st.sqlite"])
    }
}
