import Foundation
import Model
import Testing
import TestSupport
@testable import Scenarios

@Suite struct ScenarioParsingTests {
    func scenario(_ changes: String) throws -> Scenario {
        let root = try Paths.scratch()
        try FileManager.default.createDirectory(at: root.appendingPathComponent("d"), withIntermediateDirectories: true)
        let file = root.appendingPathComponent("s.yaml")
        try "name: s\ndistrict: d\nchanges:\n\(changes)".write(to: file, atomically: true, encoding: .utf8)
        return try Scenario(path: file.path)
    }

    @Test func everyChangeKindParses() throws {
        let s = try scenario("""
          - add_site: {id: N1, kind: hall, tier: street, windows: 6, hours: "Mo-Fr 09:00-17:00", at: [113.9, 22.5]}
          - close_site: H-01
          - modify_site: {id: H-02, windows: 3, add_services: [S1]}
          - add_kiosks: {at: [[113.9, 22.5], [113.91, 22.51]]}
          - online: {channel: web, add_services: [S1]}
          - digital_adoption: {group: elderly, add: 0.2}
          - grow_population: {factor: 1.5, subdistrict: JD01}
          - bundle: {id: B1, events_per_1000_per_year: 2, items: [S1, S2], trips_hall: 1}
          - thresholds: {hall: 20}
          - mode: drive
          - optimize: {model: pmedian, kind: kiosk, p: 3}

        """)
        #expect(s.problems.isEmpty, "\(s.problems)")
        #expect(s.changes.map(\.name) == ["add_site", "close_site", "modify_site", "add_kiosks", "online", "digital_adoption",
                                          "grow_population", "bundle", "thresholds", "mode", "optimize"])
        #expect(s.changes.map(\.line) == Array(4...14))
        guard let added = s.changes[3].kind as? AddKiosks else { Issue.record("add_kiosks"); return }
        #expect(added.kiosks.map(\.id) == ["K-new-1", "K-new-2"])
    }

    @Test func malformedChangesAreReportedWithTheirLines() throws {
        let s = try scenario("""
          - add_site: {id: N1, kind: hall, colour: red, at: [113.9, 22.5]}
          - digital_adoption: {group: elderly, set: 0.5, add: 0.1}
          - add_site: {id: N2, kind: hall, tier: street, at: [22.5, 113.9]}
          - mode: teleport

        """)
        let messages = s.problems.map(\.description)
        #expect(messages.count == 4)
        #expect(messages[0].hasSuffix("s.yaml:4: add_site: unknown field 'colour' (known: at, hours, id, kind, name, services, tier, windows)"))
        #expect(messages[1].hasSuffix("s.yaml:5: digital_adoption needs exactly one of 'set' or 'add'"))
        #expect(messages[2].hasSuffix("s.yaml:6: 'latitude' is 113.9, outside -90..90"))
        #expect(messages[3].hasSuffix("s.yaml:7: mode: unknown mode 'teleport' (walk, bike or drive)"))
    }

    /// A misspelt change or field ends its message with the one meant (issue 14 §3).
    @Test func misspeltChangesAndFieldsGetASuggestion() throws {
        let s = try scenario("""
          - add_sites: {id: N1}
          - modify_site: {id: H-02, window: 3}

        """)
        let messages = s.problems.map(\.description)
        #expect(messages.count == 2)
        #expect(messages.first?.hasSuffix("s.yaml:4: unknown change 'add_sites' (add_site, close_site, modify_site, add_kiosks, online, digital_adoption, grow_population, bundle, cross_district, thresholds, mode, optimize, modify_item, assisted_service, time_of_day, establishments, arrivals, failed_visit_probability); did you mean 'add_site'?") == true, "\(messages)")
        #expect(messages.last?.contains("s.yaml:5: modify_site: unknown field 'window' (known: ") == true, "\(messages)")
        #expect(messages.last?.hasSuffix("; did you mean 'windows'?") == true, "\(messages)")
    }

    @Test func optimizeAllowUncoveredIsABoolean() throws {
        let good = try scenario("""
          - optimize: {model: lscp, kind: hall, radius_minutes: 10, allow_uncovered: true}
          - optimize: {model: lscp, kind: hall, radius_minutes: 10}

        """)
        #expect(good.problems.isEmpty, "\(good.problems)")
        let flags = good.changes.compactMap { change -> Bool? in
            (change.kind as? OptimizeStep)?.allowUncovered
        }
        #expect(flags == [true, false])
        let bad = try scenario("""
          - optimize: {model: lscp, kind: hall, radius_minutes: 10, allow_uncovered: sometimes}

        """)
        #expect(bad.problems.map(\.description).first?.hasSuffix("s.yaml:4: optimize: 'allow_uncovered' must be true or false") == true,
                "\(bad.problems)")
    }
}
