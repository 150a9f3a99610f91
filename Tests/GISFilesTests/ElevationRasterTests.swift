import Foundation
import Model
import Testing
import TestSupport
@testable import GISFiles

@Suite struct ElevationRasterTests {
    /// A 2 × 2 raster of 0.01° pixels from (1.00 E, 42.02 N): centres at lon 1.005 / 1.015 and
    /// lat 42.015 (top row: 10, 20) / 42.005 (bottom row: 30, 60).
    func square(nodata: Double? = nil, _ rows: [[Double]] = [[10, 20], [30, 60]]) throws -> (URL, ElevationGrid) {
        let folder = try Paths.scratch()
        let path = folder.appendingPathComponent("square.tif").path
        try writeGeoTIFF(rows, west: 1.0, north: 42.02, pixel: 0.01, nodata: nodata, to: path)
        return (folder, try ElevationRaster.read(path: path, named: "square.tif"))
    }

    @Test func readsTheGridGeotransformAndNodata() throws {
        let (folder, grid) = try square(nodata: -9999, [[10, 20], [-9999, 60]])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(grid.width == 2 && grid.height == 2)
        #expect(abs(grid.geoTransform[0] - 1.0) < 1e-12 && abs(grid.geoTransform[3] - 42.02) < 1e-12)
        #expect(abs(grid.geoTransform[1] - 0.01) < 1e-12 && abs(grid.geoTransform[5] + 0.01) < 1e-12)
        #expect(grid.nodata == -9999)
        #expect(grid.heightsMeters[0] == 10 && grid.heightsMeters[1] == 20 && grid.heightsMeters[2].isNaN && grid.heightsMeters[3] == 60)
    }

    @Test func bilinearSamplingMatchesHandValues() throws {
        let (folder, grid) = try square()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sampler = try ElevationSampler(grid)
        func at(_ lon: Double, _ lat: Double) -> Double? { sampler.heightsMeters(at: [XY(lon, lat)])[0] }
        // Pixel centres give their values.
        #expect(abs((at(1.005, 42.015) ?? .nan) - 10) < 1e-9)
        #expect(abs((at(1.015, 42.005) ?? .nan) - 60) < 1e-9)
        // Midway between all four: (10 + 20 + 30 + 60) / 4 = 30.
        #expect(abs((at(1.010, 42.010) ?? .nan) - 30) < 1e-9)
        // A quarter of the way east from the top-left centre, half-way down:
        // top 10 + 0.25·(20 − 10) = 12.5, bottom 30 + 0.25·(60 − 30) = 37.5, half-way 25.
        #expect(abs((at(1.0075, 42.010) ?? .nan) - 25) < 1e-9)
        // Between the outer centres and the raster's edge the edge values hold: west of the
        // top-left centre, on its row: 10.
        #expect(abs((at(1.001, 42.015) ?? .nan) - 10) < 1e-9)
        // Outside the raster: none.
        #expect(at(0.999, 42.01) == nil && at(1.01, 42.021) == nil)
    }

    @Test func pixelsWithoutDataDropOutOfTheAverage() throws {
        let (folder, grid) = try square(nodata: -9999, [[10, 20], [-9999, 60]])
        defer { try? FileManager.default.removeItem(at: folder) }
        // Midway: (10 + 20 + 60) / 3 = 30; on the missing pixel's own centre only it has weight: none.
        #expect(abs((grid.heightMeters(x: 1.010, y: 42.010) ?? .nan) - 30) < 1e-9)
        #expect(grid.heightMeters(x: 1.005, y: 42.005) == nil)
    }

    @Test func aProjectedDEMIsSampledAtLongitudeLatitude() throws {
        // A plane in UTM 31N (EPSG:32631): height = easting / 100 m. At lon 1.5, lat 42.5 the
        // easting is 376,749.55 m (gdaltransform), so the height is 3767.50 m.
        let folder = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("utm.tif").path
        let rows = (0..<10).map { _ in (0..<10).map { i in (370_000 + (Double(i) + 0.5) * 1000) / 100 } }
        try writeGeoTIFF(rows, west: 370_000, north: 4_710_000, pixel: 1000, srs: "EPSG:32631", to: path)
        let sampler = try ElevationSampler(try ElevationRaster.read(path: path, named: "utm.tif"))
        let h = try #require(sampler.heightsMeters(at: [XY(1.5, 42.5)])[0])
        #expect(abs(h - 3767.495) < 0.01, "\(h)")
    }

    @Test func readsAnSRTMTileInsideItsZip() throws {
        guard let zip = try Paths.sharedFile("data/N42E001.hgt.zip") else { return }
        let grid = try ElevationRaster.read(path: zip.path, named: "N42E001.hgt.zip")
        #expect(grid.width == 1201 && grid.height == 1201)
        // Andorra la Vella's centre (Plaça del Poble, about 1,050 m) sits in the valley.
        let h = try #require(try ElevationSampler(grid).heightsMeters(at: [XY(1.5218, 42.5063)])[0])
        #expect(h > 950 && h < 1150, "\(h)")
    }

    @Test func aMissingOrCorruptDEMIsATypedErrorNamingTheFile() throws {
        let folder = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("none.tif").path
        #expect(throws: InputError(.missingInput, file: "none.tif", .file, "no such file (the DEM named by dem: in district.yaml)")) {
            try ElevationRaster.read(path: missing, named: "none.tif")
        }
        let corrupt = folder.appendingPathComponent("bad.tif").path
        try Data("this is not a raster".utf8).write(to: URL(fileURLWithPath: corrupt))
        do {
            _ = try ElevationRaster.read(path: corrupt, named: "bad.tif")
            Issue.record("a corrupt DEM was read")
        } catch let error as InputError {
            #expect(error.kind == .badData && error.file == "bad.tif")
            #expect(error.message.hasPrefix("is not a raster GDAL can read"), "\(error)")
        }
        let emptyZip = folder.appendingPathComponent("empty.zip").path
        try Data("PK\u{05}\u{06}".utf8 + [UInt8](repeating: 0, count: 18)).write(to: URL(fileURLWithPath: emptyZip))
        #expect(throws: InputError.self) { try ElevationRaster.read(path: emptyZip, named: "empty.zip") }
    }
}
