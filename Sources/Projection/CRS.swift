import CPROJ
import Model

/// What went wrong in a coordinate operation.
public enum ProjectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A CRS name that is not understood, or an EPSG code PROJ does not know.
    case unknownCRS(String)
    /// PROJ knows both CRSs but found no way between them.
    case noTransformation(from: String, to: String, message: String)
    /// One point could not be transformed (outside the projection's domain, not finite).
    case pointFailed(index: Int, x: Double, y: Double, from: String, to: String)
    /// PROJ failed otherwise; its own message.
    case proj(operation: String, message: String)

    public var description: String {
        switch self {
        case .unknownCRS(let name):
            return "unknown CRS '\(name)'"
        case .noTransformation(let from, let to, let message):
            return "no transformation from \(from) to \(to): \(message)"
        case .pointFailed(let index, let x, let y, let from, let to):
            return "cannot transform point \(index) (\(x), \(y)) from \(from) to \(to)"
        case .proj(let operation, let message):
            return "PROJ \(operation) failed: \(message)"
        }
    }
}

/// A coordinate reference system: an EPSG code PROJ knows, or one of the two Chinese web-map
/// systems that PROJ lacks. Coordinates are always (x, y) = (longitude, latitude) in degrees
/// for geographic systems and (easting, northing) in metres for projected ones, whatever
/// axis order the EPSG definition has.
public enum CRS: Sendable, Hashable, CustomStringConvertible {
    /// An EPSG code: 4326 (WGS 84), 326xx / 327xx (UTM north / south), 4490 (CGCS2000),
    /// 4513...4533 (CGCS2000 3-degree Gauss-Kruger zones 25...45, zone number in the easting),
    /// 4534...4554 (the same by central meridian 75E...135E, easting without zone number), ...
    case epsg(Int)
    /// GCJ-02, the offset lon/lat of maps published in China (Amap/Gaode, Tencent, Google China).
    case gcj02
    /// BD-09, Baidu's further offset of GCJ-02 (lon/lat, "bd09ll").
    case bd09

    public static let wgs84 = CRS.epsg(4326)
    public static let cgcs2000 = CRS.epsg(4490)

    /// "EPSG:4326", "GCJ-02", "BD-09".
    public var description: String {
        switch self {
        case .epsg(let code): return "EPSG:\(code)"
        case .gcj02: return "GCJ-02"
        case .bd09: return "BD-09"
        }
    }

    /// Parses a CRS name as written in district.yaml and checks that PROJ knows it.
    ///
    /// Accepted (case and surrounding spaces ignored):
    /// - `EPSG:<code>`, `EPSG::<code>`, `urn:ogc:def:crs:EPSG::<code>` (also with a version);
    /// - `WGS84`, `WGS 84`, `CRS84`, `OGC:CRS84`, `urn:ogc:def:crs:OGC:1.3:CRS84` -> EPSG:4326
    ///   (lon/lat order either way);
    /// - `CGCS2000` -> EPSG:4490;
    /// - `GCJ-02`, `GCJ02`, `GCJ` -> GCJ-02;  `BD-09`, `BD09`, `BD09LL`, `BD` -> BD-09.
    /// Anything else, or an EPSG code PROJ does not have, throws "unknown CRS '<text>'".
    public init(_ text: String) throws(ProjectionError) {
        guard let parsed = CRS.parse(text) else { throw .unknownCRS(text.trimmingSpaces) }
        if case .epsg = parsed { _ = try parsed.projObject() }
        self = parsed
    }

    /// The syntax part of `init(_:)`, without asking PROJ.
    static func parse(_ text: String) -> CRS? {
        let name = text.trimmingSpaces.uppercased()
        switch name {
        case "WGS84", "WGS 84", "CRS84", "OGC:CRS84", "URN:OGC:DEF:CRS:OGC:1.3:CRS84", "URN:OGC:DEF:CRS:OGC::CRS84":
            return .wgs84
        case "CGCS2000": return .cgcs2000
        case "GCJ-02", "GCJ02", "GCJ": return .gcj02
        case "BD-09", "BD09", "BD09LL", "BD": return .bd09
        default: break
        }
        for prefix in ["EPSG:", "URN:OGC:DEF:CRS:EPSG:"] where name.hasPrefix(prefix) {
            // The code is the last field: "EPSG:4326", "EPSG::4326", "...:EPSG:9.8.1:4326".
            guard let last = name.split(separator: ":", omittingEmptySubsequences: false).last,
                  !last.isEmpty, last.allSatisfy(\.isASCII), last.allSatisfy(\.isNumber),
                  last.count <= 9, let code = Int(last), code > 0 else { return nil }
            if prefix == "EPSG:" && name.split(separator: ":", omittingEmptySubsequences: true).count != 2 { return nil }
            return .epsg(code)
        }
        return nil
    }

    /// The UTM zone (WGS 84) of a lon/lat point, north or south by its latitude: the local
    /// metric CRS for computing distances and areas around it. Zones are the regular 6-degree
    /// ones (the Norway and Svalbard exceptions are ignored: any zone near the data is metric).
    public static func localMetric(for centroid: XY) -> CRS {
        let lon = centroid.x.isFinite && abs(centroid.x) <= 360 ? centroid.x : 0
        var zone = Int(((lon + 180) / 6).rounded(.down)) % 60
        if zone < 0 { zone += 60 }
        return .epsg((centroid.y >= 0 ? 32600 : 32700) + zone + 1)
    }

    /// The CGCS2000 3-degree Gauss-Kruger zone of a longitude (central meridian 75E...135E):
    /// with `zonePrefix` the EPSG:4513...4533 form (easting carries the zone number), otherwise
    /// EPSG:4534...4554. Nil outside China's zones.
    public static func cgcs2000GaussKruger(forLongitude lon: Double, zonePrefix: Bool) -> CRS? {
        guard lon.isFinite, abs(lon) <= 360 else { return nil }
        let zone = Int((lon / 3).rounded())
        guard (25...45).contains(zone) else { return nil }
        return .epsg((zonePrefix ? 4513 : 4534) + zone - 25)
    }

    /// For an EPSG code: the PROJ object, which also proves PROJ knows the code.
    func projObject() throws(ProjectionError) -> OwnedPJ {
        let context = try PROJContext.current()
        guard let pj = proj_create(context.context, description) else {
            throw .unknownCRS(description)
        }
        let owned = OwnedPJ(context, owning: pj)
        guard proj_is_crs(pj) != 0 else { throw .unknownCRS(description) }
        return owned
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}

extension CRS {
    /// Whether coordinates in this CRS are longitude/latitude degrees (so that range checks
    /// apply), as PROJ classifies it; GCJ-02 and BD-09 are geographic.
    public func isGeographic() throws(ProjectionError) -> Bool {
        switch self {
        case .gcj02, .bd09: return true
        case .epsg:
            let owned = try projObject()
            let type = proj_get_type(owned.pj)
            return type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS || type == PJ_TYPE_GEOGRAPHIC_CRS
        }
    }
}
