import Districts
import Foundation
import FuzzSupport
import Model
import Scenarios
import TwinReachKit

/// The scenario parser (YAML through Yams) on arbitrary bytes, written as
/// `Scenarios/fuzz.yaml` beside a link to the repository's `GeoData/`, so that the shipped
/// scenarios' `district: ../GeoData/...` resolve; a parsed scenario is then applied to its
/// district (each district is loaded once and kept).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let path = Scratch.write(data, size, name: "fuzz.yaml", in: Layout.scenarios)
    guard let scenario = try? Scenario(path: path) else { return 0 }
    _ = scenario.name
    for problem in scenario.problems { _ = problem.description }
    guard let base = Layout.district(scenario.districtPath) else { return 0 }
    if let applied = try? ScenarioApplier.apply(scenario, to: base, geo: LibraryGeoServices(), loadDistrict: { folder in
        guard let district = Layout.district(folder) else { throw InputError(file: folder, .file, "does not load") }
        return district
    }) {
        _ = applied.district.sites.count
        _ = applied.log.count
    }
    return 0
}

enum Layout {
    /// `<scratch>/Scenarios`, with `<scratch>/GeoData` a link to the repository's samples.
    static let scenarios: String = {
        let scratch = Scratch.folder as NSString
        let link = scratch.appendingPathComponent("GeoData")
        if !FileManager.default.fileExists(atPath: link) {
            try? FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: (Scratch.repo as NSString).appendingPathComponent("GeoData"))
        }
        let folder = scratch.appendingPathComponent("Scenarios")
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }()

    nonisolated(unsafe) static var loaded: [String: District?] = [:]

    /// The district at `folder`, loaded once (nil when it does not load).
    static func district(_ folder: String) -> District? {
        let key = URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath().path
        if let known = loaded[key] { return known }
        let district = try? DistrictLoader.load(key, geo: LibraryGeoServices()).get()
        loaded[key] = district
        return district
    }
}

/// The executable's entry (SwiftPM links `main` as `fuzz_scenario_main`): libFuzzer's loop.
@_cdecl("fuzz_scenario_main")
public func fuzz_scenario_main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzScenario)
}
