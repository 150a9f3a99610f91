/// The vector layers of a district folder, by the file stem (or GeoPackage layer name) that
/// holds each: the loader finds them by these names, and the store's input hashes cover every
/// file so named.
public enum DistrictLayers {
    public static let names = ["boundary", "subdistricts", "population", "sites", "candidates"]
    /// One GeoPackage that may hold several layers, each named as its layer.
    public static let package = "district.gpkg"
}
