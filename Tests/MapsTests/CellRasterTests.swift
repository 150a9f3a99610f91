import Foundation
@testable import Maps
import Model
import Testing

@Suite struct CellRasterTests {
    func square(_ x0: Double, _ y0: Double, _ side: Double) -> MultiPolygon {
        MultiPolygon([Polygon(exterior: [XY(x0, y0), XY(x0 + side, y0), XY(x0 + side, y0 + side), XY(x0, y0 + side), XY(x0, y0)])])
    }

    /// Two cells side by side fill the raster, each its own half, split at the shared edge.
    @Test func cellsCoverThePixelsWhoseCentresTheyHold() {
        let cells = [Cell(id: "a", area: square(0, 0, 0.001), centroid: XY(0.0005, 0.0005), population: 1, elderlyShare: 0, digitalShare: 0),
                     Cell(id: "b", area: square(0.001, 0, 0.001), centroid: XY(0.0015, 0.0005), population: 1, elderlyShare: 0, digitalShare: 0)]
        let raster = CellRaster(cells: cells, bounds: (XY(0, 0), XY(0.002, 0.001)))
        // The long side is at least 1,024 pixels: 1,024 × 512 (plus a row at most for Mercator).
        #expect(raster.width == 1024)
        #expect(raster.height == 512 || raster.height == 513)
        let row = 100 * raster.width
        #expect(raster.cells[row] == 0 && raster.cells[row + 511] == 0)
        #expect(raster.cells[row + 512] == 1 && raster.cells[row + 1023] == 1)
        #expect(raster.cells.filter { $0 == 0 }.count == raster.cells.filter { $0 == 1 }.count)
        #expect(raster.cells.filter { $0 < 0 }.count <= raster.width)
        // The image corners are the bounds (north edge exact, south within a pixel).
        #expect(abs(raster.northEast.y - 0.001) < 1e-12 && abs(raster.southWest.x) < 1e-12)
    }

    /// For `map.svg` (an equirectangular frame) rows are even steps of latitude: a cell of one
    /// degree at 60° N takes as many rows as one at the equator (in Web Mercator, twice as many).
    @Test func equirectangularRowsAreEvenStepsOfLatitude() {
        let cells = [Cell(id: "south", area: square(0, 0, 1), centroid: XY(0.5, 0.5), population: 1, elderlyShare: 0, digitalShare: 0),
                     Cell(id: "north", area: square(0, 60, 1), centroid: XY(0.5, 60.5), population: 1, elderlyShare: 0, digitalShare: 0)]
        func rows(_ raster: CellRaster, _ index: Int32) -> Int {
            (0..<raster.height).filter { y in raster.cells[y * raster.width] == index }.count
        }
        let plain = CellRaster(cells: cells, bounds: (XY(0, 0), XY(1, 61)), mercator: false)
        #expect(rows(plain, 0) == rows(plain, 1) && rows(plain, 0) > 0)
        #expect(abs(plain.southWest.y) < 1e-9 && abs(plain.northEast.y - 61) < 1e-9)
        let mercator = CellRaster(cells: cells, bounds: (XY(0, 0), XY(1, 61)))
        // In Mercator the northern cell is 1 / cos(60.5°) = 2.03 times as tall (to a row).
        let ratio = Double(rows(mercator, 1)) / Double(rows(mercator, 0))
        #expect(ratio > 1.95 && ratio < 2.15, "\(ratio)")
    }

    /// A grid cell's rectangle is drawn from its two corners (`fillRectangle`); the same ring
    /// with its second point repeated is not kept as a rectangle and takes the even-odd path
    /// (`fill`), whose edges are the same (the repeated point adds a level edge, which `fill`
    /// skips): both rasters must be the same pixels, in Mercator and in plain latitude, for
    /// rectangles of both ring orders, from a fraction of a pixel to many, overlapping and on
    /// the raster's edges. Their bounds (`CellRaster.bounds(of:)`) are those of the ring.
    @Test func rectanglesFromCornersArePaintedAsTheirRings() {
        var random = SeededGenerator(seed: 7)
        var rectangles: [Cell] = [], rings: [Cell] = []
        for k in 0..<400 {
            let x0 = Double.random(in: -0.01...0.03, using: &random), y0 = Double.random(in: 41.99...42.03, using: &random)
            let w = [0.00001, 0.0002, 0.001, 0.01][k % 4] * Double.random(in: 0.5...1.5, using: &random)
            let h = [0.0001, 0.00003, 0.002, 0.008][k / 4 % 4] * Double.random(in: 0.5...1.5, using: &random)
            let (a, c) = k % 3 == 0 ? (XY(x0 + w, y0 + h), XY(x0, y0)) : (XY(x0, y0), XY(x0 + w, y0 + h))
            let ring = k % 2 == 0 ? [a, XY(c.x, a.y), c, XY(a.x, c.y), a] : [a, XY(a.x, c.y), c, XY(c.x, a.y), a]
            let rectangle = Cell(id: "r\(k)", area: MultiPolygon([Polygon(exterior: ring)]), centroid: a, population: 1, elderlyShare: 0, digitalShare: 0)
            #expect(rectangle.keepsRectangle)
            let other = Cell(id: "o\(k)", area: MultiPolygon([Polygon(exterior: [ring[0], ring[1]] + ring[1...])]), centroid: a,
                             population: 1, elderlyShare: 0, digitalShare: 0)
            #expect(!other.keepsRectangle)
            let b = CellRaster.bounds(of: rectangle), expected = rectangle.area?.bounds
            #expect(b?.min == expected?.min && b?.max == expected?.max)
            rectangles.append(rectangle); rings.append(other)
        }
        for mercator in [true, false] {
            let bounds = (XY(0, 42), XY(0.02, 42.02))  // cells stick out on every side
            let fast = CellRaster(cells: rectangles, bounds: bounds, mercator: mercator), slow = CellRaster(cells: rings, bounds: bounds, mercator: mercator)
            #expect(fast.width == slow.width && fast.height == slow.height)
            #expect(fast.cells == slow.cells, "mercator \(mercator)")
            #expect(Set(fast.cells).count > 80, "about a hundred rectangles stay visible (the rest are sub-pixel or drawn over)")
        }
    }

    /// A cell given as a point is a 3 × 3 pixel square around it.
    @Test func pointCellsAreSmallSquares() {
        let cells = [Cell(id: "p", area: nil, centroid: XY(0.5, 0.5), population: 1, elderlyShare: 0, digitalShare: 0)]
        let raster = CellRaster(cells: cells, bounds: (XY(0, 0), XY(1, 1)))
        #expect(raster.cells.filter { $0 == 0 }.count == 9)
        let at = raster.position(XY(0.5, 0.5))
        #expect(raster.cells[Int(at.y) * raster.width + Int(at.x)] == 0)
    }

    /// The chunk and stream checksums against their published check values.
    @Test func checksumsMatchTheirReferences() {
        #expect(CRC32.of(Data("123456789".utf8)) == 0xCBF4_3926)
        #expect(ZlibRuns.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    }

    /// Runs compress to 13 bits per 258 bytes, counted by hand from RFC 1951's fixed codes; the
    /// stream is zlib (header 78 01) with the Adler-32 at its end.
    @Test func runsCompressToAFewBytes() {
        let zeros = [UInt8](repeating: 0, count: 100_000)
        let stream = [UInt8](ZlibRuns.compress(zeros))
        // Header (2 bytes), then block bits: 3 (block type), 8 (the first zero), 387 runs of 258
        // bytes at 13 bits (code 285, distance code 0), one run of 153 at 18 bits (code 281 and
        // 5 extra bits, distance), 7 (end of block), rounded up; then the Adler-32 (4 bytes).
        #expect(stream.count == 2 + (3 + 8 + 387 * 13 + 18 + 7 + 7) / 8 + 4)
        #expect(stream.prefix(2) == [0x78, 0x01])
        let adler = ZlibRuns.adler32(zeros)
        #expect(Array(stream.suffix(4)) == [UInt8(adler >> 24), UInt8(adler >> 16 & 0xFF), UInt8(adler >> 8 & 0xFF), UInt8(adler & 0xFF)])
        let png = PNGImage(width: 2, height: 2, palette: ["#000000", "#1a9850"], pixels: [0, 1, 1, 1]).data
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // PLTE holds the colours in order.
        #expect(png.range(of: Data([0x50, 0x4C, 0x54, 0x45, 0, 0, 0, 0x1A, 0x98, 0x50])) != nil)
    }
}
