import Foundation
import FuzzSupport
import OSMReader
import Roads

/// The OSM XML reader (readosm) on arbitrary bytes, written to a `.osm` file, then every
/// extraction TwinReach makes from it: road ways for each mode, buildings, administrative
/// boundaries and public-service points.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOSM(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let path = Scratch.write(data, size, name: "roads.osm")
    guard let osm = try? OSMFile.read(URL(fileURLWithPath: path)) else { return 0 }
    guard let profiles = try? RoadProfiles.shipped() else { return 0 }
    let roads = osm.roadWays(profiles: profiles)
    for way in roads.ways { _ = way.points.count }
    _ = osm.buildings()
    _ = osm.administrativeBoundaries()
    _ = osm.servicePoints()
    for way in osm.ways.prefix(64) { _ = osm.completeCoordinates(of: way) }
    return 0
}

/// The executable's entry (SwiftPM links `main` as `fuzz_osm_main`): libFuzzer's loop.
@_cdecl("fuzz_osm_main")
public func fuzz_osm_main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzOSM)
}
