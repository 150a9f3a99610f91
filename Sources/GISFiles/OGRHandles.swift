import CGDAL
import Foundation
import Model

/// An open GDAL dataset, closed once when this value goes. Used by one thread only: it is
/// opened, read and dropped inside one call of `VectorLayerReader`.
final class OwnedDataset {
    let handle: GDALDatasetH

    /// Opens `path` read-only as a vector dataset, or nil (GDAL's reason in `lastError`).
    init?(vectorAt path: String, drivers: [String] = [], options: [String] = []) {
        GDALLibrary.prepare()
        let allowed = OwnedStringList(drivers), opening = OwnedStringList(options)
        CPLErrorReset()
        guard let handle = GDALOpenEx(path, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY), allowed.constList,
                                      opening.constList, nil) else { return nil }
        self.handle = handle
    }

    deinit { GDALClose(handle) }

    /// The driver's short name: "ESRI Shapefile", "GPKG", "KML", "LIBKML", "FlatGeobuf", "CSV", ...
    var driverName: String {
        guard let driver = GDALGetDatasetDriver(handle), let name = GDALGetDriverShortName(driver) else { return "" }
        return String(cString: name)
    }

    /// The vector layers' names, in the dataset's order.
    var layerNames: [String] {
        (0..<max(0, GDALDatasetGetLayerCount(handle))).compactMap { i in
            GDALDatasetGetLayer(handle, i).flatMap { OGR_L_GetName($0) }.map { String(cString: $0) }
        }
    }

    /// A layer handle; it belongs to the dataset (never freed on its own).
    func layer(named name: String) -> OGRLayerH? { GDALDatasetGetLayerByName(handle, name) }
}

/// A feature GDAL handed over, destroyed once when this value goes.
final class OwnedFeature {
    let handle: OGRFeatureH
    init(_ handle: OGRFeatureH) { self.handle = handle }
    deinit { OGR_F_Destroy(handle) }
}

/// A spatial reference this module created or cloned (never one a layer owns).
final class OwnedSpatialReference {
    let handle: OGRSpatialReferenceH

    /// A copy of `borrowed` that reads coordinates as (x = easting or longitude, y = northing
    /// or latitude), whatever the CRS's own axis order: how Shapefile, GeoPackage and
    /// FlatGeobuf store them.
    init?(copying borrowed: OGRSpatialReferenceH) {
        guard let handle = OSRClone(borrowed) else { return nil }
        OSRSetAxisMappingStrategy(handle, OAMS_TRADITIONAL_GIS_ORDER)
        self.handle = handle
    }

    /// The CRS of a WKT text (a raster's projection), in (x, y) = (easting or longitude,
    /// northing or latitude) order.
    init?(wkt: String) {
        guard let handle = OSRNewSpatialReference(wkt) else { return nil }
        OSRSetAxisMappingStrategy(handle, OAMS_TRADITIONAL_GIS_ORDER)
        self.handle = handle
    }

    /// WGS 84 in longitude, latitude order.
    init?(wgs84: Void) {
        guard let handle = OSRNewSpatialReference(nil) else { return nil }
        self.handle = handle
        guard OSRImportFromEPSG(handle, 4326) == OGRERR_NONE else { return nil }
        OSRSetAxisMappingStrategy(handle, OAMS_TRADITIONAL_GIS_ORDER)
    }

    deinit { OSRDestroySpatialReference(handle) }

    /// The CRS's name and authority code when it has one, e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547)".
    var displayName: String {
        let name = OSRGetName(handle).map { String(cString: $0) } ?? "unnamed CRS"
        guard let authority = OSRGetAuthorityName(handle, nil), let code = OSRGetAuthorityCode(handle, nil) else { return name }
        return "\(name) (\(String(cString: authority)):\(String(cString: code)))"
    }

    /// Whether it is WGS 84 longitude/latitude already (then no conversion is needed).
    func isSame(as other: OwnedSpatialReference) -> Bool {
        OSRIsSame(handle, other.handle) != 0
    }
}

/// A coordinate transformation between two spatial references, destroyed once when this value goes.
final class OwnedTransformation {
    let handle: OGRCoordinateTransformationH

    init?(from source: OwnedSpatialReference, to target: OwnedSpatialReference) {
        CPLErrorReset()
        guard let handle = OCTNewCoordinateTransformation(source.handle, target.handle) else { return nil }
        self.handle = handle
    }

    deinit { OCTDestroyCoordinateTransformation(handle) }
}

/// A NULL-terminated C string list (GDAL's `char **`), freed once when this value goes.
final class OwnedStringList {
    private(set) var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

    init(_ items: [String]) {
        for item in items { list = CSLAddString(list, item) }
    }

    deinit { CSLDestroy(list) }

    /// The list as GDAL's `const char * const *`, or nil when empty.
    var constList: UnsafePointer<UnsafePointer<CChar>?>? {
        list.map { UnsafeRawPointer($0).assumingMemoryBound(to: UnsafePointer<CChar>?.self) }
    }
}
