import Foundation
import Formats
import Model

/// A file that holds a district layer: `<layer>.<extension>`, or a layer of that name in
/// `district.gpkg`.
struct LayerSource: Equatable {
    var path: String
    /// The layer's name inside a multi-layer file; nil for a file that is the layer.
    var layerName: String?

    var isGeoJSON: Bool { layerName == nil && URL(fileURLWithPath: path).pathExtension == "geojson" }
    var isCSV: Bool { layerName == nil && URL(fileURLWithPath: path).pathExtension == "csv" }
    var displayName: String {
        let file = URL(fileURLWithPath: path).lastPathComponent
        return layerName.map { "\(file) (layer \($0))" } ?? file
    }
}

/// A layer's features, checked as the GeoJSON reader checks them, with the CRS they are in.
struct LayerFeatures {
    var file: String
    var features: [GeoJSONFeature]
    var crs: String
}

extension DistrictLoader {
    /// The district layers, by the file stem or GeoPackage layer name that holds them.
    public static let layerNames = DistrictLayers.names
    /// The extensions a layer file may have, GeoJSON (read by the fast reader) first; the
    /// others are read through GDAL/OGR (`.gdb` is a File Geodatabase folder).
    public static let layerExtensions = ["geojson", "shp", "gpkg", "fgb", "kml", "gml", "gdb", "csv"]
    /// One GeoPackage that may hold several layers, each named as its layer.
    public static let layerPackage = DistrictLayers.package

    /// Every file that offers `layer` (more than one is an error the caller reports).
    func layerSources(_ layer: String) -> [LayerSource] {
        var sources = Self.layerExtensions.map { path("\(layer).\($0)") }
            .filter { FileManager.default.fileExists(atPath: $0) }
            .map { LayerSource(path: $0, layerName: nil) }
        if packageLayers().contains(layer) { sources.append(LayerSource(path: path(Self.layerPackage), layerName: layer)) }
        return sources
    }

    /// The one source of `layer`, nil when there is none; two are refused.
    func layerSource(_ layer: String) throws -> LayerSource? {
        let sources = layerSources(layer)
        guard sources.count <= 1 else {
            throw InputError(file: sources[0].path, .file, "the \(layer) layer is given \(sources.count) times ("
                             + sources.map(\.displayName).joined(separator: ", ") + "); keep one")
        }
        return sources.first
    }

    /// The layer names in district.gpkg (read once; a problem with the file is reported once).
    func packageLayers() -> [String] {
        if let known = packageLayerNames { return known }
        var names: [String] = []
        let file = path(Self.layerPackage)
        if FileManager.default.fileExists(atPath: file) {
            names = attempt { try geo.layerNames(path: file) } ?? []
            for name in names where !Self.layerNames.contains(name) {
                warnings.append(InputError(file: file, .file, "layer '\(name)' is not a district layer ("
                                           + Self.layerNames.joined(separator: ", ") + ") and is not read"))
            }
        }
        packageLayerNames = names
        return names
    }

    /// Reads `layer` as `readLayer` does, passing its features to `body` one at a time with the
    /// properties `names` (`PropertySlots`) and the file and CRS they are in: a GeoJSON file as
    /// it is parsed (`GeoJSONReader.forEach`, which calls `restart` before passing them again from
    /// the first), so that the features of a large layer never all live at once. Returns the file.
    func forEachFeature(of layer: String, properties names: [String], crs: String, geographic: Bool,
                        problems local: inout [InputError], restart: () -> Void,
                        _ body: (_ feature: GeoJSONFeature, _ properties: PropertySlots, _ file: String, _ crs: String) -> Void) throws -> String {
        let source = try oneSource(layer)
        if source.isGeoJSON {
            try GeoJSONReader.forEach(path: source.path, geographic: geographic, properties: names, problems: &local,
                                      restart: restart) { feature, properties in
                body(feature, properties, source.path, crs)
            }
            return source.path
        }
        let read = try readLayer(layer, crs: crs, geographic: geographic, problems: &local)
        for feature in read.features { body(feature, PropertySlots(names: names, from: feature.properties), read.file, read.crs) }
        return read.file
    }

    /// The one source of `layer`; none is a missing input.
    func oneSource(_ layer: String) throws -> LayerSource {
        guard let source = try layerSource(layer) else {
            let others = Self.layerExtensions.dropFirst().map { ".\($0)" }.joined(separator: ", ")
            throw InputError(.missingInput, file: path("\(layer).geojson"), .file,
                             "no such file (nor \(layer) as \(others), or a '\(layer)' layer in \(Self.layerPackage))")
        }
        return source
    }

    /// Reads `layer` from its one source: GeoJSON by the fast reader in district.yaml's `crs`;
    /// any other format through GDAL, in WGS 84 when the file names its CRS, else in `crs`.
    func readLayer(_ layer: String, crs: String, geographic: Bool, problems local: inout [InputError]) throws -> LayerFeatures {
        let source = try oneSource(layer)
        if source.isGeoJSON {
            let features = try GeoJSONReader.read(path: source.path, geographic: geographic, problems: &local)
            return LayerFeatures(file: source.path, features: features, crs: crs)
        }
        let foreign = try geo.readLayer(path: source.path, layer: source.layerName)
        local.append(contentsOf: foreign.problems)
        let layerCRS = foreign.sourceCRS == nil ? crs : "EPSG:4326"
        let layerGeographic = foreign.sourceCRS == nil ? geographic : true
        var features: [GeoJSONFeature] = []
        features.reserveCapacity(foreign.features.count)
        for feature in foreign.features {
            if let geometry = feature.geometry, let problem = GeoJSONReader.problem(in: geometry, geographic: layerGeographic) {
                let hint = foreign.sourceCRS == nil && problem.contains("outside")
                    ? " (the file names no CRS of its own, e.g. a .prj, so district.yaml's crs \(crs) applies)" : ""
                local.append(InputError(file: foreign.file, feature.location, problem + hint))
            } else {
                features.append(feature)
            }
        }
        return LayerFeatures(file: foreign.file, features: features, crs: layerCRS)
    }
}
