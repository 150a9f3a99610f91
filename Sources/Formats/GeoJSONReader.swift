import Foundation
import Model

/// A geometry as GeoJSON gives it (positions as x = longitude or easting, y = latitude or northing).
public enum GeoJSONGeometry: Sendable, Hashable {
    case point(XY)
    case lineString([XY])
    case polygon(Polygon)
    case multiPolygon(MultiPolygon)
    case other(type: String)

    public var typeName: String {
        switch self {
        case .point: "Point"
        case .lineString: "LineString"
        case .polygon: "Polygon"
        case .multiPolygon: "MultiPolygon"
        case .other(let type): type
        }
    }

    /// Polygon and MultiPolygon as one MultiPolygon; nil for other types.
    public var multiPolygon: MultiPolygon? {
        switch self {
        case .polygon(let p): MultiPolygon([p])
        case .multiPolygon(let m): m
        default: nil
        }
    }
}

/// One feature of a collection: its index, id, geometry and properties.
public struct GeoJSONFeature: Sendable {
    public var index: Int
    /// `properties.id`, else the feature's own `id`.
    public var id: String?
    public var geometry: GeoJSONGeometry?
    public var properties: [String: JSONValue]

    public var location: InputLocation { .feature(index: index, id: id) }

    public init(index: Int, id: String?, geometry: GeoJSONGeometry?, properties: [String: JSONValue]) {
        self.index = index
        self.id = id
        self.geometry = geometry
        self.properties = properties
    }
}

/// A strict RFC 7946 reader. Structural problems of the file as a whole throw; problems of one
/// feature are collected (so that `check` reports them all) and that feature is left out.
public enum GeoJSONReader {
    /// Reads a FeatureCollection. `geographic` enables the WGS 84 range checks (longitude
    /// -180...180, latitude -90...90) that catch swapped coordinates. A file without problems
    /// takes the one-pass fast path (`JSONParser.features`); any other, the general path.
    public static func read(path: String, geographic: Bool = true, problems: inout [InputError]) throws -> [GeoJSONFeature] {
        var out: [GeoJSONFeature] = []
        try forEach(path: path, geographic: geographic, problems: &problems, restart: { out.removeAll() }) { out.append($0) }
        return out
    }

    /// The features `read` gives, passed to `body` one at a time as they are parsed rather than
    /// kept in one array, so that a large layer's features need not all live at once; the file
    /// is read in chunks (`FileWindow`), never whole. When the fast path gives up part way (a
    /// problem further on), `restart` is called and the general path's features follow, from
    /// the first: it reads the whole file, and its messages are the contract.
    public static func forEach(path: String, geographic: Bool = true, problems: inout [InputError], restart: () -> Void,
                               _ body: (GeoJSONFeature) -> Void) throws {
        try forEach(path: path, geographic: geographic, problems: &problems, windowBytes: FileWindow.chunkBytes, restart: restart, body)
    }

    /// `forEach` with the window's first size (tests read through small windows).
    static func forEach(path: String, geographic: Bool, problems: inout [InputError], windowBytes: Int, restart: () -> Void,
                        _ body: (GeoJSONFeature) -> Void) throws {
        if JSONParser.forEachFeature(path: path, geographic: geographic, windowBytes: windowBytes, { feature, _ in body(feature) }) { return }
        restart()
        let root = try JSONValue.read(path: path)
        for feature in try features(of: root, path: path, geographic: geographic, problems: &problems) { body(feature) }
    }

    /// As `forEach`, with only the properties a reader names, in `slots` (`PropertySlots`): the
    /// feature's own `properties` are left empty.
    public static func forEach(path: String, geographic: Bool = true, properties names: [String], problems: inout [InputError],
                               restart: () -> Void, _ body: (GeoJSONFeature, PropertySlots) -> Void) throws {
        try forEach(path: path, geographic: geographic, properties: names, problems: &problems, windowBytes: FileWindow.chunkBytes,
                    restart: restart, body)
    }

    /// The slots' `forEach` with the window's first size.
    static func forEach(path: String, geographic: Bool, properties names: [String], problems: inout [InputError], windowBytes: Int,
                        restart: () -> Void, _ body: (GeoJSONFeature, PropertySlots) -> Void) throws {
        let slots = PropertySlots(names: names)
        let read = JSONParser.forEachFeature(path: path, geographic: geographic, slots: slots, windowBytes: windowBytes) { feature, filled in
            body(feature, filled ?? slots)
        }
        if read { return }
        restart()
        let root = try JSONValue.read(path: path)
        for var feature in try features(of: root, path: path, geographic: geographic, problems: &problems) {
            let filled = PropertySlots(names: names, from: feature.properties)
            feature.properties = [:]
            body(feature, filled)
        }
    }

    /// The general path: the features of a parsed document, each feature's problems collected.
    static func features(of root: JSONValue, path: String, geographic: Bool, problems: inout [InputError]) throws -> [GeoJSONFeature] {
        guard root["type"]?.string == "FeatureCollection" else {
            throw InputError(file: path, .file, "expected a GeoJSON FeatureCollection (top-level \"type\": \"FeatureCollection\")")
        }
        guard let features = root["features"]?.array else {
            throw InputError(file: path, .file, "a FeatureCollection needs a \"features\" array")
        }
        var out: [GeoJSONFeature] = []
        out.reserveCapacity(features.count)
        for (index, value) in features.enumerated() {
            let properties = value["properties"]?.object ?? [:]
            let id = properties["id"]?.idText ?? value["id"]?.idText
            let location = InputLocation.feature(index: index, id: id)
            guard value["type"]?.string == "Feature" else {
                problems.append(InputError(file: path, location, "is not a Feature (\"type\": \"Feature\")"))
                continue
            }
            if let raw = value["properties"], raw != .null, raw.object == nil {
                problems.append(InputError(file: path, location, "\"properties\" must be an object, not \(raw.typeName)"))
                continue
            }
            do {
                let geometry = try parseGeometry(value["geometry"], geographic: geographic)
                out.append(GeoJSONFeature(index: index, id: id, geometry: geometry, properties: properties))
            } catch let error as GeometryProblem {
                problems.append(InputError(file: path, location, error.message))
            }
        }
        return out
    }

    struct GeometryProblem: Error { let message: String }

    static func parseGeometry(_ value: JSONValue?, geographic: Bool) throws -> GeoJSONGeometry? {
        guard let value, value != .null else { return nil }
        guard let type = value["type"]?.string else { throw GeometryProblem(message: "geometry has no \"type\"") }
        let coordinates = value["coordinates"]
        func need<T>(_ parse: (JSONValue) throws -> T) throws -> T {
            guard let coordinates else { throw GeometryProblem(message: "\(type) has no \"coordinates\"") }
            return try parse(coordinates)
        }
        switch type {
        case "Point":
            return .point(try need { try position($0, geographic) })
        case "LineString":
            return .lineString(try need { try positions($0, geographic) })
        case "Polygon":
            return .polygon(try need { try polygon($0, geographic) })
        case "MultiPolygon":
            return .multiPolygon(try need { value in
                guard let parts = value.array else { throw GeometryProblem(message: "MultiPolygon coordinates must be an array of polygons") }
                return MultiPolygon(try parts.map { try polygon($0, geographic) })
            })
        case "MultiPoint", "MultiLineString", "GeometryCollection":
            return .other(type: type)
        default:
            throw GeometryProblem(message: "unknown geometry type '\(type)'")
        }
    }

    static func position(_ value: JSONValue, _ geographic: Bool) throws -> XY {
        guard let items = value.array, items.count == 2 || items.count == 3 else {
            throw GeometryProblem(message: "a position must be [longitude, latitude] (2 or 3 numbers)")
        }
        guard let x = items[0].number, let y = items[1].number else {
            throw GeometryProblem(message: "a position holds \(items[0].typeName), \(items[1].typeName) where numbers belong")
        }
        return try checked(XY(x, y), geographic)
    }

    /// A position's checks: finite, and within WGS 84's ranges when `geographic`.
    static func checked(_ p: XY, _ geographic: Bool) throws -> XY {
        let x = p.x, y = p.y
        guard x.isFinite, y.isFinite else { throw GeometryProblem(message: "a coordinate is not finite") }
        if geographic {
            if !(-90...90).contains(y) {
                let hint = (-90...90).contains(x) ? " (swapped? GeoJSON positions are [longitude, latitude])" : ""
                throw GeometryProblem(message: "latitude \(y) is outside -90..90\(hint)")
            }
            if !(-180...180).contains(x) {
                throw GeometryProblem(message: "longitude \(x) is outside -180..180")
            }
        }
        return XY(x, y)
    }

    static func positions(_ value: JSONValue, _ geographic: Bool) throws -> [XY] {
        guard let items = value.array else { throw GeometryProblem(message: "expected an array of positions") }
        return try items.map { try position($0, geographic) }
    }

    static func polygon(_ value: JSONValue, _ geographic: Bool) throws -> Polygon {
        guard let rings = value.array, !rings.isEmpty else {
            throw GeometryProblem(message: "a Polygon needs at least one ring")
        }
        let parsed = try rings.map { try positions($0, geographic) }
        try checkRings(parsed)
        return Polygon(exterior: parsed[0], holes: Array(parsed.dropFirst()))
    }

    static func checkRings(_ parsed: [[XY]]) throws {
        guard !parsed.isEmpty else { throw GeometryProblem(message: "a Polygon needs at least one ring") }
        for (n, ring) in parsed.enumerated() {
            guard ring.count >= 4 else {
                throw GeometryProblem(message: "ring \(n) has \(ring.count) positions; a linear ring needs at least 4")
            }
            guard ring.first == ring.last else {
                throw GeometryProblem(message: "ring \(n) is not closed (first position differs from the last)")
            }
        }
    }

    /// The checks `read` applies, for a geometry another reader (GDAL/OGR) produced: finite
    /// positions, WGS 84 ranges when `geographic`, closed rings of at least 4 positions.
    /// Returns what is wrong, or nil.
    public static func problem(in geometry: GeoJSONGeometry, geographic: Bool) -> String? {
        func polygon(_ p: Polygon) throws {
            try checkRings([p.exterior] + p.holes)
            for ring in [p.exterior] + p.holes { for q in ring { _ = try checked(q, geographic) } }
        }
        do {
            switch geometry {
            case .point(let p): _ = try checked(p, geographic)
            case .lineString(let line): for q in line { _ = try checked(q, geographic) }
            case .polygon(let p): try polygon(p)
            case .multiPolygon(let m): for p in m.polygons { try polygon(p) }
            case .other: break
            }
        } catch let error as GeometryProblem {
            return error.message
        } catch {
            return "\(error)"
        }
        return nil
    }
}
