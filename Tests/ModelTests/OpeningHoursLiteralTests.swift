import Foundation
import Testing
import TestSupport
@testable import Model

/// Opening hours written in the code (defaults of generated districts, OSM-built sites, the
/// video channel, scenario-optimised halls) must parse: a typo there used to fall back silently
/// to "always open" through `try? ... ?? .alwaysOpen`, opening a hall 24/7 (issue 10).
@Suite struct OpeningHoursLiteralTests {
    /// Every Swift source file under Sources/, with its text.
    static func sources() throws -> [(path: String, text: String)] {
        let root = Paths.repo.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        return try files.map { ($0.path, try String(contentsOf: $0, encoding: .utf8)) }
    }

    @Test func everyLiteralInTheSourcesParses() throws {
        var literals: [String] = []
        for (_, text) in try Self.sources() {
            for match in text.matches(of: /OpeningHours\(literal: "([^"]*)"\)/) { literals.append(String(match.1)) }
        }
        // SyntheticDistrict (4), Catalogue (1), ScenarioOptimizer (1). The OSM site rules' default
        // hours live in Profiles/sites.yaml, parsed (file:line on a typo) when the rules are read.
        #expect(literals.count >= 6, "\(literals)")
        for literal in literals {
            #expect(throws: Never.self, "\(literal)") { _ = try OpeningHours(parsing: literal) }
            #expect((try? OpeningHours(parsing: literal))?.weeklyOpenMinutes ?? 0 < OpeningHours.minutesPerWeek, "\(literal) is open all week")
        }
    }

    @Test func noHoursFallBackToAlwaysOpen() throws {
        for (path, text) in try Self.sources() {
            #expect(!text.contains("try? OpeningHours"), "\(path) parses hours with try? (a typo would mean 24/7)")
            #expect(!text.contains("OpeningHours(parsing: \""), "\(path) parses a literal at run time: use OpeningHours(literal:)")
        }
    }

    @Test func literalInitKeepsTheText() {
        let hours = OpeningHours(literal: "Mo-Fr 09:00-17:00")
        #expect(hours.text == "Mo-Fr 09:00-17:00")
        #expect(hours.weeklyOpenMinutes == 5 * 8 * 60)
    }
}

/// NSString's path helpers trap in swift-corelibs-foundation on some user paths
/// (`deletingLastPathComponent` on "x", `lastPathComponent` on "a//é"): issue 10's
/// `optimize --output x`. The sources use URL's, which were fuzzed safe, instead.
@Suite struct PathCallTests {
    @Test func noTrappingNSStringPathCalls() throws {
        for (path, text) in try OpeningHoursLiteralTests.sources() {
            for call in ["deletingLastPathComponent", "lastPathComponent", "pathExtension", "deletingPathExtension", "standardizingPath"] {
                #expect(!text.contains("as NSString).\(call)"), "\(path) calls NSString.\(call)")
            }
        }
    }
}
