// swift-tools-version:6.0
// TwinReach: spatial service-coverage planning for public services.
// Layers (imports point down only):
//   C system libraries (CGEOS, CPROJ, CSpatiaLite, CReadOSM, CCBC, CGDAL, CSQLite)
//   -> owner modules, the only ones to import C (Geometry, Projection, Store, OSMReader, MIPSolver, GISFiles)
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
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        // The SQLite GDAL links: GISFiles inserts the rows of big GeoPackage layers on GDAL's own connection.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // Pure values every layer shares.
        .target(name: "Model"),

        // Owners: the only modules that import a C module.
        .target(name: "Geometry", dependencies: ["CGEOS", "Model"]),
        .target(name: "Projection", dependencies: ["CPROJ", "Model"]),
        .target(name: "Store", dependencies: ["CSpatiaLite", "Model"]),
        .target(name: "OSMReader", dependencies: ["CReadOSM", "Model"]),
        .target(name: "MIPSolver", dependencies: ["CCBC", "Model"]),
        // GDAL/OGR: vector layers in any format, GeoPackage out, rasters (DEMs) in.
        .target(name: "GISFiles", dependencies: ["CGDAL", "CSQLite", "Model"]),

        // Engine: pure Swift.
        .target(name: "Formats", dependencies: ["Model", .product(name: "Yams", package: "Yams")]),
        // Road profiles (Profiles/*.yaml): which OSM ways each mode uses, at what speed, which way.
        .target(name: "Roads", dependencies: ["Model", "Formats", "OSMReader", .product(name: "Yams", package: "Yams")]),
        .target(name: "Network", dependencies: ["Model", .product(name: "HeapModule", package: "swift-collections")]),
        .target(name: "Accessibility", dependencies: ["Model"]),
        // The road graph of a mode: from the store when current by its input hashes, else from OSM.
        .target(name: "RoadGraphs", dependencies: ["GISFiles", "Model", "Network", "OSMReader", "Roads", "Store"]),
        .target(name: "Travel", dependencies: ["Model", "Formats", "Network", "Projection"]),
        .target(name: "TwinSpace", dependencies: ["Model"]),
        .target(name: "Scenarios", dependencies: ["Model", "Formats", "Districts", .product(name: "Yams", package: "Yams")]),
        .target(name: "Reporting", dependencies: ["Model", "Formats", "TwinSpace"]),
        .target(name: "Siting", dependencies: ["Model", "MIPSolver"]),
        .target(name: "Districts", dependencies: ["Model", "Formats", .product(name: "Yams", package: "Yams")]),
        // Districts built from OpenStreetMap: population grid from buildings, site and residential
        // rules as data (Profiles/sites.yaml, residential.yaml), roads.osm, the osm-district builder.
        .target(name: "OSMDistricts", dependencies: ["Model", "Formats", "Districts", "Geometry", "Projection", "OSMReader",
                                                     "Network", "Roads", .product(name: "Yams", package: "Yams")]),
        // Static SVG and self-contained HTML maps of a run.
        .target(name: "Maps", dependencies: ["Model", "Formats", "TwinSpace", "Reporting"]),

        // Commands as library functions, then the thin executable.
        .target(name: "TwinReachKit", dependencies: [
            "Model", "Formats", "Districts", "Geometry", "Projection", "Store", "OSMReader",
            "OSMDistricts", "Network", "RoadGraphs", "Roads", "Accessibility", "Siting", "Travel", "TwinSpace", "Reporting", "Scenarios", "Maps",
            "GISFiles",
        ]),
        .executableTarget(name: "twinreach", dependencies: [
            "Model", "TwinReachKit", "Districts", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Benchmark driver for scripts/bench-network.sh (not shipped, not in CI).
        .executableTarget(name: "bench-network", dependencies: ["Model", "Network"], path: "Benchmarks/bench-network"),
        // Benchmark driver for scripts/bench-roads.sh: the road stage alone (not shipped, not in CI).
        .executableTarget(name: "bench-roads", dependencies: ["Model", "Network", "RoadGraphs"], path: "Benchmarks/bench-roads"),
        // Benchmark driver for scripts/bench-travel.sh: the travel step alone (not shipped, not in CI).
        .executableTarget(name: "bench-travel", dependencies: ["Model", "Network", "RoadGraphs", "Travel"], path: "Benchmarks/bench-travel"),

        .target(name: "TestSupport", dependencies: ["Model", "Districts"], path: "Tests/TestSupport"),
        .testTarget(name: "ModelTests", dependencies: ["Model", "Districts", "TestSupport"]),
        .testTarget(name: "FormatsTests", dependencies: ["Model", "Formats", "TestSupport"]),
        .testTarget(name: "DistrictsTests", dependencies: ["Model", "Districts", "Formats", "TestSupport"]),
        .testTarget(name: "GeometryTests", dependencies: ["Model", "Geometry", "TestSupport"]),
        .testTarget(name: "ProjectionTests", dependencies: ["Model", "Projection", "TestSupport"]),
        .testTarget(name: "GISFilesTests", dependencies: ["GISFiles", "Model", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Model", "Store", "TestSupport"]),
        .testTarget(name: "OSMReaderTests", dependencies: ["Model", "OSMReader", "Roads", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "RoadsTests", dependencies: ["Model", "Roads", "OSMReader", "Network", "TestSupport"]),
        .testTarget(name: "NetworkTests", dependencies: ["Model", "Network", "OSMReader", "Roads", "TestSupport"]),
        .testTarget(name: "TravelTests", dependencies: ["Travel", "Model"]),
        .testTarget(name: "RoadGraphsTests", dependencies: ["RoadGraphs", "Model", "Network", "Roads", "Store", "TestSupport"]),
        .testTarget(name: "AccessibilityTests", dependencies: ["Model", "Accessibility"]),
        .testTarget(name: "TwinSpaceTests", dependencies: ["Model", "TwinSpace", "Districts"]),
        .testTarget(name: "ScenariosTests", dependencies: ["Scenarios", "Districts", "Model", "TestSupport"]),
        .testTarget(name: "ReportingTests", dependencies: ["TwinSpace", "Model", "Reporting"]),
        .testTarget(name: "MapsTests", dependencies: ["Model", "Maps", "Districts", "TwinSpace", "Reporting", "TestSupport"]),
        .testTarget(name: "SitingTests", dependencies: ["Model", "MIPSolver", "Siting", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "OSMDistrictsTests", dependencies: ["Model", "OSMDistricts", "OSMReader", "Geometry", "Formats", "TestSupport"]),
        .testTarget(name: "TwinReachKitTests", dependencies: ["Projection", "OSMReader", "Geometry", "TwinReachKit", "OSMDistricts", "Roads", "TestSupport", "Formats", "Districts", "Model", "Siting", "RoadGraphs", "Network", "Travel", "TwinSpace", "Reporting"]),
        // The bad-input corpus (Tests/BadInputTests/Corpus/cases.yaml) run through the real CLI.
        .testTarget(name: "BadInputTests", dependencies: ["TestSupport", .product(name: "Yams", package: "Yams")],
                    exclude: ["Corpus"]),
    ]
)
