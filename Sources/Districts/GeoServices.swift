import Model

/// What loading needs from the geo owner modules, passed in so that this engine module stays
/// free of C: coordinate conversion (PROJ, GCJ-02, BD-09), polygon validity and point in
/// polygon (GEOS).
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
}
