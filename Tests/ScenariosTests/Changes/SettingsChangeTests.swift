import Testing
@testable import Scenarios

/// `thresholds`, `mode` and `optimize`, the changes that set the run rather than the district's layers.
@Suite struct SettingsChangeTests {
    @Test func thresholdsAndModeChangeTheSettings() throws {
        let applied = try ChangeFixture.apply("  - thresholds: {kiosk: 5}\n  - mode: bike")
        #expect(applied.district.settings.hallThresholdMinutes == 30)
        #expect(applied.district.settings.kioskThresholdMinutes == 5)
        #expect(applied.district.settings.mode == .bike)
        #expect(applied.log == ["thresholds changed", "travel mode bike"])
    }

    @Test func optimizeStepsAreQueuedWithTheirLines() throws {
        let applied = try ChangeFixture.apply("  - optimize: {model: mclp, p: 2, radius_minutes: 10}\n  - close_site: B\n  - optimize: {model: twin, kind: kiosk}")
        #expect(applied.optimizeSteps.map(\.line) == [4, 6])
        #expect(applied.optimizeSteps.map(\.step.model) == ["mclp", "twin"])
        #expect(applied.log == ["closed B"])
    }

    /// Problems of every change are reported together, by line, parse problems included.
    @Test func problemsOfAllKindsComeTogetherByLine() throws {
        let messages = try ChangeFixture.problems("""
          - close_site: Z
          - mode: teleport
          - online: {channel: app}
          - teleport: {}
        """)
        #expect(messages.count == 4)
        #expect(messages[0].hasSuffix("s.yaml:4: close_site: unknown site 'Z'"))
        #expect(messages[1].hasSuffix("s.yaml:5: mode: unknown mode 'teleport' (walk, bike or drive)"))
        #expect(messages[2].hasSuffix("s.yaml:6: online: unknown channel 'app'"))
        #expect(messages[3].hasSuffix("s.yaml:7: unknown change 'teleport' (add_site, close_site, modify_site, add_kiosks, online, digital_adoption, grow_population, bundle, cross_district, thresholds, mode, optimize, modify_item, assisted_service, time_of_day, establishments, arrivals, failed_visit_probability)"))
    }
}
