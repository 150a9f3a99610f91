import Districts
import Foundation
import FuzzSupport
import Model
import TwinReachKit

/// The district loader with one of its files replaced by arbitrary bytes: the first byte
/// chooses the file (below), the rest is its content; the other files are those of
/// `GeoData/synthetic-small`. This reaches the layer readers (keys such as `pop`, `windows`,
/// `hours`, `services`), `district.yaml`, `services.csv` and `channels.yaml`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDistrict(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size >= 1 else { return 0 }
    let name = Base.files[Int(data[0]) % Base.files.count]
    let folder = Base.folder
    let path = Scratch.write(data + 1, size - 1, name: name, in: folder)
    let load = DistrictLoader.load(folder, geo: LibraryGeoServices())
    for problem in load.problems + load.warnings { _ = problem.description }
    if let district = load.district {
        _ = district.cells.reduce(0) { $0 + $1.population }
        _ = district.sites.map(\.windows).reduce(0, +)
    }
    // Put the original file back for the next input.
    try? FileManager.default.removeItem(atPath: path)
    try? FileManager.default.copyItem(atPath: Base.original(name), toPath: path)
    return 0
}

/// The files a selector byte names, in this order (scripts/fuzz.sh writes seeds the same way).
enum Base {
    static let files = ["district.yaml", "services.csv", "channels.yaml", "boundary.geojson",
                        "subdistricts.geojson", "population.geojson", "sites.geojson", "candidates.geojson"]
    static let source = (Scratch.repo as NSString).appendingPathComponent("GeoData/synthetic-small")

    /// The base version of `name`: the sample's file, or for the cells a cut copy.
    static func original(_ name: String) -> String {
        let path = (source as NSString).appendingPathComponent(name)
        guard name == "population.geojson" else { return path }
        let cut = (Scratch.folder as NSString).appendingPathComponent("population-6.geojson")
        if !FileManager.default.fileExists(atPath: cut), let text = try? String(contentsOfFile: path, encoding: .utf8) {
            var lines = text.split(separator: "\n").prefix(7).map(String.init)
            if lines[lines.count - 1].hasSuffix(",") { lines[lines.count - 1].removeLast() }
            try? (lines.joined(separator: "\n") + "\n]}\n").write(toFile: cut, atomically: true, encoding: .utf8)
        }
        return cut
    }
    /// A copy of the sample without its road file (roads have their own fuzzer), its cells cut
    /// to the first six so that one input loads in milliseconds.
    static let folder: String = {
        let folder = (Scratch.folder as NSString).appendingPathComponent("district")
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in files {
            let target = (folder as NSString).appendingPathComponent(name)
            try? FileManager.default.removeItem(atPath: target)
            try? FileManager.default.copyItem(atPath: original(name), toPath: target)
        }
        return folder
    }()
}

/// The executable's entry (SwiftPM links `main` as `fuzz_district_main`): libFuzzer's loop.
@_cdecl("fuzz_district_main")
public func fuzz_district_main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzDistrict)
}
