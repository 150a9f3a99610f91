import Foundation
import Formats
import Model
import Yams

/// What loading a district folder found: the district when nothing was fatal, every problem
/// (exit 65/66) and every warning (repairs, defaults), in file order.
public struct DistrictLoad: Sendable {
    public var district: District?
    public var problems: [InputError]
    public var warnings: [InputError]
    /// The top-level `district.yaml` keys the file does not give, whose defaults apply
    /// (docs/district-format.md), so that `check` can say which.
    public var defaultedSettings: [String] = []

    /// The district, or all problems as one error.
    public func get() throws -> District {
        if let district, problems.isEmpty { return district }
        throw InputErrors(problems)
    }
}

/// Reads and validates a district folder (DESIGN.md "Inputs"), collecting every problem rather
/// than stopping at the first, so that `check` can list them all.
public final class DistrictLoader {
    public let folder: String
    let geo: any GeoServices
    var problems: [InputError] = []
    var warnings: [InputError] = []
    var defaultedSettings: [String] = []
    /// False once the input CRS proved unknown: that is reported once, and layers are then read
    /// without conversion so that their own problems still show.
    var crsIsUsable = true
    /// The layers district.gpkg holds, once read (see `packageLayers`).
    var packageLayerNames: [String]?

    public init(folder: String, geo: any GeoServices) {
        self.folder = folder
        self.geo = geo
    }

    public static func load(_ folder: String, geo: any GeoServices) -> DistrictLoad {
        let loader = DistrictLoader(folder: folder, geo: geo)
        return loader.run()
    }

    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// The settings of `district.yaml` alone, or nil when they have a problem (the full load
    /// reports it), and the road file the load would take: for reading the roads while the
    /// population loads.
    public static func settingsAndRoads(_ folder: String, geo: any GeoServices) -> (settings: DistrictSettings, roadsPath: String?)? {
        let loader = DistrictLoader(folder: folder, geo: geo)
        guard let settings = try? loader.readSettings(), loader.problems.isEmpty else { return nil }
        return (settings, loader.roadsPath())
    }

    /// The district's OSM road file, `.osm.pbf` before `.osm`, or nil.
    func roadsPath() -> String? {
        ["roads.osm.pbf", "roads.osm"].map(path).first { FileManager.default.fileExists(atPath: $0) }
    }

    func run() -> DistrictLoad {
        guard FileManager.default.fileExists(atPath: folder) else {
            return DistrictLoad(district: nil, problems: [InputError(.missingInput, file: folder, .file, "no such district folder")], warnings: [])
        }
        let settings = attempt { try readSettings() }
        let crs = settings?.crs ?? "EPSG:4326"
        var geographic = true
        do { geographic = try geo.isGeographic(crs) } catch {
            problems.append(InputError(file: path("district.yaml"), .file, "\(error)"))
            crsIsUsable = false
        }
        let services = attempt { try readServices() } ?? []
        let bundles = attempt { try readBundles() } ?? []
        // Sites and channels may name a bundle's item.
        let known = services + bundles.map { $0.bundle.catalogueItem($0.bundle.items(in: services)) }
        let channels = attempt { try readChannels(services: known) } ?? []
        let boundary = attempt { try readAreas("boundary", crs: crs, geographic: geographic).areas }
        let subdistricts = attempt { try readSubdistricts(crs: crs, geographic: geographic) } ?? []
        let cells = attempt { try readPopulation(settings: settings ?? DistrictSettings(name: ""), crs: crs, geographic: geographic) } ?? []
        let sites = attempt { try readSites(services: known, crs: crs, geographic: geographic) } ?? []
        var candidates: [Candidate] = []
        if !layerSources("candidates").isEmpty {
            candidates = attempt { try readCandidates(crs: crs, geographic: geographic) } ?? []
        }
        let roads = roadsPath()
        let matrix = FileManager.default.fileExists(atPath: path("travel_matrix.csv")) ? path("travel_matrix.csv") : nil
        var district: District? = if let settings, let boundary, problems.isEmpty {
            District(settings: settings, boundary: MultiPolygon(boundary.flatMap(\.area.polygons)),
                     subdistricts: subdistricts, cells: cells, sites: sites, channels: channels,
                     services: services,
                     roadsPath: roads,
                     candidates: candidates, travelMatrixPath: matrix)
        } else { nil }
        if var loaded = district, !bundles.isEmpty {
            add(bundles, to: &loaded)
            district = problems.isEmpty ? loaded : nil
        }
        return DistrictLoad(district: district, problems: problems, warnings: warnings, defaultedSettings: defaultedSettings)
    }

    /// Runs one file's reader; a thrown error is recorded and the file counts as absent.
    func attempt<T>(_ body: () throws -> T) -> T? {
        do { return try body() } catch let error as InputError {
            problems.append(error)
        } catch let errors as InputErrors {
            problems.append(contentsOf: errors.errors)
        } catch {
            problems.append(InputError(.internalError, file: folder, .file, "\(error)"))
        }
        return nil
    }
}
