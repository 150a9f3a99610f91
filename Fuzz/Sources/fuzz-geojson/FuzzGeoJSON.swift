import Formats
import FuzzSupport
import Model

/// The GeoJSON reader (and its JSON parser) on arbitrary bytes, with and without the WGS 84
/// range checks. Thrown errors are the expected outcome; only a crash is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGeoJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let path = Scratch.write(data, size, name: "layer.geojson")
    for geographic in [true, false] {
        var problems: [InputError] = []
        if let features = try? GeoJSONReader.read(path: path, geographic: geographic, problems: &problems) {
            for feature in features {
                _ = feature.geometry?.multiPolygon?.polygons.count
                _ = feature.location
                for (_, value) in feature.properties { _ = value.idText; _ = value.typeName }
            }
        }
        for problem in problems { _ = problem.description }
    }
    return 0
}

/// The executable's entry (SwiftPM links `main` as `fuzz_geojson_main`): libFuzzer's loop.
@_cdecl("fuzz_geojson_main")
public func fuzz_geojson_main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzGeoJSON)
}
