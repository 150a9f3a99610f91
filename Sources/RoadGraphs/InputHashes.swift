import Foundation
import Model
import Roads

/// FNV-1a, 64-bit (Fowler–Noll–Vo): a fast, simple, **non-cryptographic** hash of a file's
/// bytes. The store records it for each input so that a later run can tell whether an input
/// changed since the import; it does not protect against deliberate tampering.
public struct FNV1a64: Sendable {
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x0000_0100_0000_01b3
    public private(set) var value: UInt64 = FNV1a64.offsetBasis

    public init() {}

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        var h = value
        for b in bytes { h = (h ^ UInt64(b)) &* Self.prime }
        value = h
    }

    /// 16 lowercase hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The hash of a whole file, read in 1 MiB chunks.
    public static func ofFile(_ path: String) throws -> FNV1a64 {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(.ioError, file: path, .file, "cannot be opened for reading")
        }
        defer { try? handle.close() }
        var hash = FNV1a64()
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
                throw InputError(.ioError, file: path, .file, "cannot be read: \(error.localizedDescription)")
            }
            if chunk.isEmpty { break }
            hash.update(chunk)
        }
        return hash
    }
}

/// The files of a district folder that `import` hashes and a run checks against its store.
public enum DistrictInputs {
    public static let names = ["district.yaml", "boundary.geojson", "subdistricts.geojson", "population.geojson",
                               "population.csv", "sites.geojson", "channels.yaml", "services.csv", "roads.osm.pbf",
                               "roads.osm", "candidates.geojson"]

    /// The stems of the layers a district may give in other formats than GeoJSON (Shapefile
    /// and its sidecars, GeoPackage, FlatGeobuf, ...; `district.gpkg` holds several).
    static let layerStems = Set(DistrictLayers.names + [String(DistrictLayers.package.prefix { $0 != "." })])

    /// The regular files of such layers, by name, not already in `names`.
    static func otherLayerFiles(in folder: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return entries.filter { name in
            guard !names.contains(name), layerStems.contains(URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent) else { return false }
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(name), isDirectory: &isFolder)
            return exists && !isFolder.boolValue
        }.sorted()
    }

    /// The key under which the shipped road profiles' texts are hashed: a store built with other
    /// rules than this binary's is stale.
    public static let shippedProfilesKey = "shipped road profiles"

    /// The FNV-1a 64 hash (hex) of every input file the folder holds, in `names` order, then of
    /// the district's own road profiles (`road_profile` in district.yaml, by file name), of its
    /// DEM (`dem`, by file name) and of the shipped profiles this binary carries: the road
    /// graphs depend on all of them.
    public static func hashes(of folder: String, roadProfiles: [String] = [], dem: String? = nil) throws -> [(file: String, fnv1a64: String)] {
        var hashes: [(file: String, fnv1a64: String)] = []
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            hashes.append((name, try FNV1a64.ofFile(path).hex))
        }
        for name in otherLayerFiles(in: folder) {
            hashes.append((name, try FNV1a64.ofFile((folder as NSString).appendingPathComponent(name)).hex))
        }
        for path in roadProfiles + (dem.map { [$0] } ?? []) {
            hashes.append((URL(fileURLWithPath: path).lastPathComponent, try FNV1a64.ofFile(path).hex))
        }
        var shipped = FNV1a64()
        for mode in TravelMode.allCases { shipped.update(Array(ShippedProfiles.text(mode).utf8)) }
        hashes.append((shippedProfilesKey, shipped.hex))
        return hashes
    }
}
