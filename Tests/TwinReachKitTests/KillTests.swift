import Districts
import Foundation
import Testing
import TestSupport

/// `run` and `import` killed with SIGKILL at random moments, 50 times each: afterwards every
/// output is complete (the bytes of a reference run) or absent, and after one more normal run or
/// import nothing is left over (no staging folder, no store temporary).
///
/// The district (20 × 20 cells with its road grid) takes about half a second to run or import
/// in a debug build, a third of it writing. Half the kills come at a moment drawn uniformly
/// over 1.2 times the reference's duration, the other half at a random moment after the
/// writing began (its staging folder or temporary appeared), so that many land mid-write.
@Suite(.serialized) struct KillTests {
    static let kills = 50

    /// What the kills found: how many processes were killed (not already done) and how many of
    /// those left a staging folder or temporary of their own, i.e. died while writing.
    struct Tally { var killed = 0, diedWriting = 0 }

    /// Starts `arguments` `kills` times and kills each at a random moment; `writing(names)` tells
    /// from the folder's names whether the writing began; `check(pid)` runs after each kill and
    /// returns whether the dead process left its own leftovers.
    func killRepeatedly(_ arguments: [String], in root: URL, referenceSeconds: Double, seed: UInt64,
                        writing: ([String]) -> Bool, check: (Int32) throws -> Bool) throws -> Tally {
        var random = SeededGenerator(seed: seed)
        var tally = Tally()
        for k in 0..<Self.kills {
            let process = try Tool.start(arguments, cwd: root)
            let started = Date()
            if k % 2 == 0 {
                Thread.sleep(forTimeInterval: Double.random(in: 0...(1.2 * referenceSeconds), using: &random))
            } else {
                while Date().timeIntervalSince(started) < 3 * referenceSeconds && process.isRunning,
                      !writing((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []) {
                    Thread.sleep(forTimeInterval: 0.001)
                }
                Thread.sleep(forTimeInterval: Double.random(in: 0...(0.3 * referenceSeconds), using: &random))
            }
            let pid = process.processIdentifier
            if process.isRunning { kill(pid, SIGKILL) }
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal {
                tally.killed += 1
            } else {
                #expect(process.terminationStatus == 0, "kill \(k): the process failed on its own")
            }
            if try check(pid) { tally.diedWriting += 1 }
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
        #expect(expected.count == 9)

        let out = root.appendingPathComponent("o")
        let tally = try killRepeatedly(["run", "kill.yaml", "--out", "o", "-q"], in: root, referenceSeconds: seconds, seed: 1,
                                       writing: { $0.contains { $0.hasPrefix(".o.partial-") } }) { pid in
            if FileManager.default.fileExists(atPath: out.path) {
                #expect(try files(out) == expected, "after killing \(pid): o is not the reference output")
            }
            let left = try names(root)
            return left.contains(".o.partial-\(pid)") || left.contains(".o.old-\(pid)")
        }
        #expect(tally.killed >= Self.kills / 2, "only \(tally.killed) of \(Self.kills) runs were still running when killed")
        #expect(tally.diedWriting >= 10, "only \(tally.diedWriting) kills landed while the run was writing")

        let last = try Tool.run(["run", "kill.yaml", "--out", "o", "-q"], cwd: root)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(try files(out) == expected)
        #expect(try names(root) == ["district", "kill.yaml", "o", "ref"])
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
        #expect(tally.killed >= Self.kills / 2, "only \(tally.killed) of \(Self.kills) imports were still running when killed")
        #expect(tally.diedWriting >= 10, "only \(tally.diedWriting) kills landed while the import was writing")

        let last = try Tool.run(["import", "district", "--store", "st.sqlite"], cwd: root)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(try Data(contentsOf: store) == expected)
        #expect(try names(root) == ["district", "kill.yaml", "ref.sqlite", "st.sqlite"])
    }
}
