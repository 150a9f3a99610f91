import Districts
import Formats
import GISFiles
import Model

/// GDAL/OGR layers in the GeoJSON reader's terms, so that the district readers apply the same
/// checks and messages to a Shapefile, a GeoPackage or a KML file as to GeoJSON.
extension LibraryGeoServices {
    public func readLayer(path: String, layer: String?) throws -> ForeignLayer {
        let read = try VectorLayerReader.read(path: path, layer: layer)
        let isKML = read.driver == "KML" || read.driver == "LIBKML"
        let features = read.features.map { feature in
            var properties: [String: JSONValue] = [:]
            for (name, value) in feature.fields { properties[name] = Self.json(value) }
            // KML keeps a placemark's name in <name>, which GDAL calls "Name".
            if isKML, properties["name"] == nil, let name = properties["Name"] { properties["name"] = name }
            return GeoJSONFeature(index: feature.index, id: feature.id, geometry: feature.geometry.map(Self.geoJSON),
                                  properties: properties)
        }
        return ForeignLayer(file: read.file, features: features, problems: read.problems, sourceCRS: read.sourceCRS)
    }

    public func layerNames(path: String) throws -> [String] {
        try VectorLayerReader.layerNames(path: path)
    }

    static func json(_ value: VectorValue) -> JSONValue {
        switch value {
        case .null: .null
        case .text(let text): .string(text)
        case .integer(let n): .number(Double(n))
        case .real(let d): .number(d)
        case .texts(let list): .array(list.map(JSONValue.string))
        case .integers(let list): .array(list.map { .number(Double($0)) })
        case .reals(let list): .array(list.map(JSONValue.number))
        }
    }

    static func geoJSON(_ geometry: VectorGeometry) -> GeoJSONGeometry {
        switch geometry {
        case .point(let p): .point(p)
        case .lineString(let line): .lineString(line)
        case .polygon(let p): .polygon(p)
        case .multiPolygon(let m): .multiPolygon(m)
        case .other(let type): .other(type: type)
        }
    }
}
