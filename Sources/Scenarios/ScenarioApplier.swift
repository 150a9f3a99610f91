import Districts
import Foundation
import Model

/// A district after a scenario's changes, with what the run needs besides it.
public struct AppliedScenario: Sendable {
    public var district: District
    /// District of each site: 0 = the scenario's own, 1... = neighbours added by `cross_district`.
    public var siteDistrict: [Int]
    /// 跨区通办: residents may use halls of the neighbouring districts.
    public var crossDistrict: Bool
    /// The road files (`roads.osm.pbf` / `roads.osm`) of the `cross_district` neighbours that
    /// have one, in order: the run joins them to the district's own roads, so that the
    /// neighbours' halls are reached over roads that meet at the border.
    public var neighbourRoads: [String] = []
    /// `optimize` steps, to place sites before the run (in order, after the other changes).
    public var optimizeSteps: [(line: Int, step: OptimizeStep)]
    /// What each change did, one line each, for the report.
    public var log: [String]
}

/// Applies changes in order to a copy of the district. Every reference (site, item, channel,
/// subdistrict) is checked against the district as it stands at that change; all bad
/// references are reported together as `scenario.yaml:LINE: ...` before anything runs.
public enum ScenarioApplier {
    /// `geo` tests points against polygons (`grow_population`); `loadDistrict` loads the
    /// neighbours of `cross_district`.
    public static func apply(_ scenario: Scenario, to base: District, geo: any GeoServices,
                             loadDistrict: (String) throws -> District) throws -> AppliedScenario {
        try withoutActuallyEscaping(loadDistrict) { load in
            let start = AppliedScenario(district: base, siteDistrict: [Int](repeating: 0, count: base.sites.count),
                                        crossDistrict: false, optimizeSteps: [], log: [])
            var state = ScenarioState(applied: start, geo: geo, loadDistrict: load, file: scenario.path,
                                      problems: scenario.problems)
            for change in scenario.changes {
                state.line = change.line
                state.name = change.name
                if let problem = change.kind.check(against: state.district) { state.fail(problem); continue }
                try change.kind.apply(to: &state)
            }
            if !state.problems.isEmpty {
                throw InputErrors(state.problems.sorted { ($0.lineNumber ?? 0) < ($1.lineNumber ?? 0) })
            }
            return state.applied
        }
    }
}

extension InputError {
    var lineNumber: Int? { if case .line(let n) = location { return n }; return nil }
}
