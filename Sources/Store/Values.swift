import Model

/// A column's SQLite storage type.
public enum ColumnType: String, Sendable, Hashable {
    case integer = "INTEGER"
    case real = "REAL"
    case text = "TEXT"
    case blob = "BLOB"
}

/// A typed attribute column.
public struct Column: Sendable, Hashable {
    public var name: String
    public var type: ColumnType
    public init(_ name: String, _ type: ColumnType) { self.name = name; self.type = type }
}

/// One attribute value.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// Raw bytes (for example a road graph's CSR array, little-endian).
    case blob([UInt8])

    public var description: String {
        switch self {
        case .null: return "NULL"
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .text(let v): return "'\(v)'"
        case .blob(let v): return "blob(\(v.count) bytes)"
        }
    }

    /// Whether the value may be stored in a column of `type` (NULL fits every column, an
    /// integer fits a REAL column).
    func fits(_ type: ColumnType) -> Bool {
        switch (self, type) {
        case (.null, _), (.integer, .integer), (.integer, .real), (.real, .real), (.text, .text), (.blob, .blob):
            return true
        default:
            return false
        }
    }
}

/// The geometry type of a layer (SpatiaLite / OGC names, 2D).
public enum GeometryType: String, Sendable, Hashable {
    case point = "POINT"
    case lineString = "LINESTRING"
    case polygon = "POLYGON"
    case multiPolygon = "MULTIPOLYGON"
}

/// A feature's geometry as plain values.
public enum FeatureGeometry: Sendable, Hashable {
    case point(XY)
    case lineString([XY])
    case polygon(Polygon)
    case multiPolygon(MultiPolygon)
}

/// One row of a layer: its geometry (nil for none) and one value per attribute column.
public struct Feature: Sendable, Hashable {
    public var geometry: FeatureGeometry?
    public var values: [Value]
    public init(geometry: FeatureGeometry?, values: [Value]) { self.geometry = geometry; self.values = values }
}

/// A layer: a table with a `geom` geometry column of one type and SRID, a `fid` primary key,
/// and typed attribute columns.
public struct LayerSchema: Sendable, Hashable {
    public var name: String
    public var geometryType: GeometryType
    /// EPSG code of the coordinates (4326 for lon/lat, 326xx for UTM, ...).
    public var srid: Int
    public var columns: [Column]
    public init(name: String, geometryType: GeometryType, srid: Int, columns: [Column]) {
        self.name = name; self.geometryType = geometryType; self.srid = srid; self.columns = columns
    }
}

/// A layer as listed in the store's `geometry_columns`.
public struct LayerInfo: Sendable, Hashable {
    public var name: String
    public var geometryType: GeometryType
    public var srid: Int
}

/// Table and column names are written into SQL: keep them to plain identifiers.
func checkIdentifier(_ name: String) throws(StoreError) {
    let ok = !name.isEmpty && name.utf8.count <= 64 && name.utf8.enumerated().allSatisfy { i, c in
        (c >= 97 && c <= 122) || c == 95 || (i > 0 && c >= 48 && c <= 57)
    }
    guard ok else {
        throw .schema("'\(name)' is not a valid table or column name (lower-case letters, digits, _)")
    }
}

func quoted(_ name: String) -> String { "\"\(name)\"" }
