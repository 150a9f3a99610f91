import Testing
@testable import GISFiles

@Suite struct GDALLibraryTests {
    @Test func reportsTheGDALReleaseItRunsOn() {
        // Debian 12 ships GDAL 3.6; the owner module relies on 3.x APIs.
        #expect(GISFilesInfo.gdalRelease.hasPrefix("3."))
    }
}
