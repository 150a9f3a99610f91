// swift-tools-version:6.0
// TwinReach: spatial service-coverage planning for public services.
// Layers (imports point down only):
//   C system libraries (CGEOS, CPROJ, CSpatiaLite, CReadOSM, CCBC)
//   -> owner modules, the only ones to import C (Geometry, Projection, Store, OSMReader, MIPSolver)
//   -> pure Swift engine (Model, Formats, Network, Accessibility, TwinSpace, Siting, ...)
//   -> TwinReachKit (commands as functions) -> twinreach (argument parsing, exit codes)
// `Model` is the pure value layer (values, units, typed input errors) every layer may use.
import PackageDescription

let package = Package(
    name: "TwinReach",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "twinreach", targets: ["twinreach"]),
        .library(name: "TwinReachKit", targets: ["TwinReachKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
    ],
    targets: [
        // C system libraries: a modulemap and a shim header each, linked through pkg-config.
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev", "proj-data"])]),
        .systemLibrary(name: "CSpatiaLite", pkgConfig: "spatialite",
                       providers: [.apt(["libspatialite-dev", "libsqlite3-dev"])]),
        .systemLibrary(name: "CReadOSM", pkgConfig: "readosm", providers: [.apt(["libreadosm-dev"])]),
        .systemLibrary(name: "CCBC", pkgConfig: "cbc", providers: [.apt(["coinor-libcbc-dev"])]),

        // Pure values every layer shares.
        .target(name: "Model"),

        // Owners: the only modules that import a C module.
        .target(name: "Geometry", dependencies: ["CGEOS", "Model"]),
        .target(name: "Projection", dependencies: ["CPROJ", "Model"]),
        .target(name: "Store", dependencies: ["CSpatiaLite", "Model"]),
        .target(name: "OSMReader", dependencies: ["CReadOSM", "Model"]),
        .target(name: "MIPSolver", dependencies: ["CCBC", "Model"]),

        // Engine: pure Swift.
        .target(name: "Formats", dependencies: ["Model", .product(name: "Yams", package: "Yams")]),
        .target(name: "Network", dependencies: ["Model", .product(name: "HeapModule", package: "swift-collections")]),
        .target(name: "Accessibility", dependencies: ["Model"]),
        .target(name: "Travel", dependencies: ["Model"]),
        .target(name: "TwinSpace", dependencies: ["Model"]),
        .target(name: "Scenarios", dependencies: ["Model", "Formats", "Districts", "Geometry", .product(name: "Yams", package: "Yams")]),
        .target(name: "Reporting", dependencies: ["Model", "Formats", "TwinSpace"]),
        .target(name: "Siting", dependencies: ["Model", "MIPSolver"]),
        .target(name: "Districts", dependencies: ["Model", "Formats", .product(name: "Yams", package: "Yams")]),
        // Static SVG and self-contained HTML maps of a run.
        .target(name: "Maps", dependencies: ["Model", "Formats", "TwinSpace", "Reporting"]),

        // Commands as library functions, then the thin executable.
        .target(name: "TwinReachKit", dependencies: [
            .product(name: "Yams", package: "Yams"),
            "Model", "Formats", "Districts", "Geometry", "Projection", "Store", "OSMReader",
            "Network", "Accessibility", "Siting", "Travel", "TwinSpace", "Reporting", "Scenarios", "Maps",
        ]),
        .executableTarget(name: "twinreach", dependencies: [
            "TwinReachKit", "Districts", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Benchmark driver for scripts/bench-network.sh (not shipped, not in CI).
        .executableTarget(name: "bench-network", dependencies: ["Model", "Network"], path: "Benchmarks/bench-network"),

        .target(name: "TestSupport", dependencies: ["Model", "Districts"], path: "Tests/TestSupport"),
        .testTarget(name: "ModelTests", dependencies: ["Model", "TestSupport"]),
        .testTarget(name: "FormatsTests", dependencies: ["Formats", "TestSupport"]),
        .testTarget(name: "DistrictsTests", dependencies: ["Districts", "TestSupport"]),
        .testTarget(name: "GeometryTests", dependencies: ["Geometry", "TestSupport"]),
        .testTarget(name: "ProjectionTests", dependencies: ["Projection", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TestSupport"]),
        .testTarget(name: "OSMReaderTests", dependencies: ["OSMReader", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "NetworkTests", dependencies: ["Network", "OSMReader", "TestSupport"]),
        .testTarget(name: "TravelTests", dependencies: ["Travel", "TestSupport"]),
        .testTarget(name: "AccessibilityTests", dependencies: ["Accessibility", "TestSupport"]),
        .testTarget(name: "TwinSpaceTests", dependencies: ["TwinSpace", "Districts", "TestSupport"]),
        .testTarget(name: "ScenariosTests", dependencies: ["Scenarios", "TestSupport"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "TestSupport"]),
        .testTarget(name: "MapsTests", dependencies: ["Maps", "Districts", "TwinSpace", "Reporting", "TestSupport"]),
        .testTarget(name: "SitingTests", dependencies: ["Siting", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "TwinReachKitTests", dependencies: ["TwinReachKit", "TestSupport", "Formats", "Districts", "Model", "Siting"]),
    ]
)
