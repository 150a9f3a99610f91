// swift-tools-version:6.0
// libFuzzer targets for TwinReach's input readers (issue 10, "Prove it stays fixed"). A separate
// package so that the main package and its CI build stay untouched; build and run them with
// scripts/fuzz.sh, which passes -sanitize=fuzzer,address to every module it compiles.
import PackageDescription

let root: PackageDescription.Target.Dependency = .product(name: "TwinReachKit", package: "TwinReach")

func fuzzer(_ name: String) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport", root], path: "Sources/\(name)")
}

let package = Package(
    name: "TwinReachFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "TwinReach", path: "..")],
    targets: [
        .target(name: "CFuzzerDriver", path: "Sources/CFuzzerDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver"], path: "Sources/FuzzSupport"),
        fuzzer("fuzz-geojson"),
        fuzzer("fuzz-csv"),
        fuzzer("fuzz-scenario"),
        fuzzer("fuzz-hours"),
        fuzzer("fuzz-osm"),
        fuzzer("fuzz-district"),
    ]
)
