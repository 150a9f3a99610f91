import Foundation
import Model
import RoadGraphs
import Roads
import Testing
import TestSupport
@testable import TwinReachKit

/// `run` reads the district's roads beside its population and sites (two inputs, two cores):
/// the same outputs and the same errors as reading them after the load.
@Suite struct RoadPrefetchTests {
    /// What happened, in order, from the run's thread and the roads' reader alike.
    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        var all: [String] { lock.lock(); defer { lock.unlock() }; return list }
        func record(_ event: String) { lock.lock(); list.append(event); lock.unlock() }
    }

    /// A run with `threads`, its roads read by a reader that logs; on the "loaded" line, with
    /// `waitForRoads`, it waits (at most 10 s) until the roads' reading has started.
    func run(_ scenario: URL, out: String, threads: Int, events: Events, waitForRoads: Bool) throws -> RunOutcome {
        let started = DispatchSemaphore(value: 0)
        var options = RunOptions(scenarioPath: scenario.path, outPath: scenario.deletingLastPathComponent().appendingPathComponent(out).path,
                                 threads: threads)
        options.roadGraphs = RoadGraphSource { path, settings in
            events.record("roads read")
            started.signal()
            return try RoadWays.read(osmPath: path, settings: settings)
        }
        return try RunCommand.run(options) { line in
            guard line.hasPrefix("loaded ") else { return }
            if waitForRoads { _ = started.wait(timeout: .now() + 10) }
            events.record("loaded")
        }
    }

    @Test func roadsAreReadWhileTheCellsLoadWithTheSameOutputs() throws {
        let scenario = try generatedScenario(cellsX: 12, cellsY: 10, seed: 7, name: "baseline")
        let root = scenario.deletingLastPathComponent()
        let beside = Events(), after = Events()
        _ = try run(scenario, out: "two", threads: 2, events: beside, waitForRoads: true)
        #expect(beside.all == ["roads read", "loaded"], "the roads were not read beside the cells")
        _ = try run(scenario, out: "one", threads: 1, events: after, waitForRoads: false)
        #expect(after.all == ["loaded", "roads read"])
        let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("two").path).sorted()
        #expect(names.contains("summary.json"))
        for name in names {
            let two = try Data(contentsOf: root.appendingPathComponent("two/\(name)"))
            let one = try Data(contentsOf: root.appendingPathComponent("one/\(name)"))
            #expect(two == one, "\(name) differs")
        }

        // A broken road file fails the run at the road graph with the same message either way.
        try "<osm><node id=\"1\" lat=\"x\"".write(to: root.appendingPathComponent("district/roads.osm"), atomically: true, encoding: .utf8)
        func failure(_ threads: Int) -> String {
            do { _ = try run(scenario, out: "broken-\(threads)", threads: threads, events: Events(), waitForRoads: false); return "no error" } catch {
                return "\(error)"
            }
        }
        let message = failure(2)
        #expect(message.contains("roads.osm"), "\(message)")
        #expect(message == failure(1))
    }
}
