import Foundation
import Model
import Reporting

/// What a batch found, district by district: the content of its tables, its chart and its
/// `batch.json` (from which `batch merge` rebuilds the tables of several shards).
struct BatchResult: Sendable, Equatable {
    /// The `twinreach` version that ran the districts.
    var version: String
    var scenario: String
    /// FNV-1a 64 of the scenario file's bytes: shards of another scenario are not merged.
    var scenarioHash: String
    /// The `--districts` glob as given.
    var glob: String
    /// Every district the glob found (all shards together), and the FNV-1a 64 of their paths
    /// (one a line, in table order): shards of another set of districts are not merged.
    var districtsTotal: Int
    var districtsHash: String
    /// `I/N` in a shard's folder; nil for a whole batch or a merge.
    var shard: String?
    /// One row per district of this folder, in byte order of the paths.
    var rows: [BatchRow]

    var failed: [BatchRow] { rows.filter { $0.exitCode != 0 } }
}

/// One district's row: its figures, or the error that stopped it.
struct BatchRow: Sendable, Equatable {
    var district: String
    var folder: String
    /// The district's `name` from district.yaml (empty when it failed before reading it).
    var name: String
    /// 0 for a district that ran; else the exit code its error has alone (65 bad data, ...).
    var exitCode: Int
    var error: String
    /// FNV-1a 64 of the `file hash` lines of `DistrictInputs.hashes` (empty when unreadable).
    var inputsHash: String
    /// In `BatchMeasures.districtNames` order; nil: not defined (or the district failed).
    var figures: [Double?]
    var subdistricts: [BatchArea]

    var ok: Bool { exitCode == 0 }
}

/// A subdistrict's figures, in `BatchMeasures.area` order.
struct BatchArea: Sendable, Equatable {
    var id: String
    var name: String
    var figures: [Double?]
}

/// The figures the batch tables compare. Population: every resident of the area's cells
/// (`population`); the minutes figures count those who can reach a hall, as in `summary.csv`.
enum BatchMeasures {
    typealias AreaMeasure = (name: String, value: @Sendable (AreaSummary) -> Double?)
    static let area: [AreaMeasure] = [
        ("population", { $0.population }),
        ("cells", { Double($0.cells) }),
        ("hall_minutes_mean", { $0.hall.mean }),
        ("hall_minutes_median", { $0.hall.median }),
        ("hall_within_threshold_share", { $0.hall.shareWithinThreshold }),
        ("hall_unreachable_population", { $0.hall.unreachablePopulation }),
        ("kiosk_within_threshold_share", { $0.kiosk.shareWithinThreshold }),
        ("share_online", { $0.shareOnline }),
        ("share_video", { $0.shareVideo }),
        ("trips_per_resident_year", { $0.tripsPerResidentYear }),
        ("travel_minutes_per_resident_year", { $0.travelMinutesPerResidentYear }),
        ("gap_population", { $0.gapPopulation }),
        ("gap_share", { $0.population > 0 ? $0.gapPopulation / $0.population : nil }),
        ("gap_elderly", { $0.gapElderly }),
        ("gap_not_digital", { $0.gapNotDigital }),
        ("gini_travel", { $0.giniTravel }),
    ]
    /// Figures of a whole district only, after the area figures.
    static let districtOnly: [(name: String, value: @Sendable (RunSummary) -> Double?)] = [
        ("hall_threshold_minutes", { $0.hallThresholdMinutes }),
        ("kiosk_threshold_minutes", { $0.kioskThresholdMinutes }),
        ("worst_to_best_travel_ratio", { $0.worstToBestTravelRatio }),
        ("converged", { $0.convergence.converged ? 1 : 0 }),
    ]
    static var areaNames: [String] { area.map(\.name) }
    static var districtNames: [String] { area.map(\.name) + districtOnly.map(\.name) }

    /// The ranked figures: the rank column, the figure, and whether a higher value ranks first.
    static let ranked: [(column: String, measure: String, higherFirst: Bool)] = [
        ("rank_hall_share", "hall_within_threshold_share", true),
        ("rank_travel_minutes", "travel_minutes_per_resident_year", false),
        ("rank_gap_share", "gap_share", false),
    ]

    static func figures(_ summary: RunSummary) -> [Double?] {
        area.map { $0.value(summary.district) } + districtOnly.map { $0.value(summary) }
    }

    static func figures(_ area: AreaSummary) -> [Double?] { self.area.map { $0.value(area) } }

    /// Competition ranks (1, 2, 2, 4) of `values`, best first; nil values get no rank. Equal
    /// values (exactly) share a rank, so the ranks do not depend on the order of the rows.
    static func ranks(_ values: [Double?], higherFirst: Bool) -> [Int?] {
        let present = values.compactMap { $0 }.sorted { higherFirst ? $0 > $1 : $0 < $1 }
        var firstPlace: [Double: Int] = [:]
        for (k, v) in present.enumerated() where firstPlace[v] == nil { firstPlace[v] = k + 1 }
        return values.map { $0.flatMap { firstPlace[$0] } }
    }
}
