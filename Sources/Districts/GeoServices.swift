import Formats
import Model

/// What loading needs from the geo owner modules, passed in so that this engine module stays
/// free of C: coordinate conversion (PROJ, GCJ-02, BD-09), polygon validity and point in
/// polygon (GEOS), and reading layers in the formats GDAL/OGR opens.
public protocol GeoServices: Sendable {
    /// Converts points given in `crs` (as written in district.yaml) to WGS 84 longitude,
    /// latitude. Throws a message naming the CRS when it is unknown.
    func toWGS84(_ points: [XY], from crs: String) throws -> [XY]
    /// nil when the polygon is valid; otherwise GEOS's reason and a repaired polygon (or nil
    /// when it cannot be repaired into an area).
    func validity(of area: MultiPolygon) -> (reason: String, repaired: MultiPolygon?)?
    /// Whether a CRS is geographic lon/lat (range checks apply) or projected.
    func isGeographic(_ crs: String) throws -> Bool
    /// For each point, whether the area covers it (a point on the boundary counts as inside).
    func covers(_ area: MultiPolygon, _ points: [XY]) throws -> [Bool]
    /// Reads a vector layer of a format GDAL/OGR opens (Shapefile, GeoPackage, FlatGeobuf,
    /// KML, GML, File Geodatabase, CSV): `layer` names one of several, nil takes the only one.
    /// Geometries are not yet checked (the loader applies the GeoJSON reader's checks).
    func readLayer(path: String, layer: String?) throws -> ForeignLayer
    /// The names of the layers a multi-layer file (district.gpkg) holds.
    func layerNames(path: String) throws -> [String]
}

/// A layer read through GDAL/OGR, in the GeoJSON reader's terms.
public struct ForeignLayer: Sendable {
    /// The file (and layer) as messages name it.
    public var file: String
    public var features: [GeoJSONFeature]
    /// Features GDAL could not read (left out), with their location.
    public var problems: [InputError]
    /// The file's own CRS, e.g. from a .prj: the features are then already in WGS 84. Nil
    /// when the file names none (district.yaml's `crs` applies).
    public var sourceCRS: String?

    public init(file: String, features: [GeoJSONFeature], problems: [InputError], sourceCRS: String?) {
        self.file = file
        self.features = features
        self.problems = problems
        self.sourceCRS = sourceCRS
    }
}
