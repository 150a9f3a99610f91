import CGDAL
import Foundation
import Model

/// GDAL's process-wide state: its drivers are registered once, before the first dataset opens.
/// Datasets themselves are never shared between threads (each is owned by one value).
enum GDALLibrary {
    private static let registered: Bool = {
        GDALAllRegister()
        // Errors come back through return values and CPLGetLastErrorMsg, not stderr.
        CPLSetErrorHandler(CPLQuietErrorHandler)
        return true
    }()

    /// Registers the drivers (once) and returns GDAL's release name, e.g. "3.6.2".
    @discardableResult
    static func prepare() -> String {
        _ = registered
        return String(cString: GDALVersionInfo("RELEASE_NAME"))
    }

    /// The last error GDAL reported on this thread, or a fallback when it reported none.
    static func lastError(or fallback: String) -> String {
        let message = String(cString: CPLGetLastErrorMsg()).trimmingCharacters(in: .whitespacesAndNewlines)
        return message.isEmpty ? fallback : message
    }
}

/// Which GDAL this build runs on (for logs and `--version`).
public enum GISFilesInfo {
    public static var gdalRelease: String { GDALLibrary.prepare() }
}
