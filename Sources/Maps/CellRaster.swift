import Foundation
import Model

/// The cells drawn as a raster: for every pixel the index of the cell that covers its centre
/// (later cells over earlier ones), or -1. The pixels are square in Web Mercator, the
/// projection Leaflet draws in, so an image of the raster lies exactly over the map at any zoom.
/// One raster serves every cell layer of `map.html` (minutes to the nearest hall, gap
/// residents): the page's size then grows with the image, not with the cells' vertices.
struct CellRaster {
    let width: Int, height: Int
    /// West edge (longitude) and north edge (Mercator y, or latitude, in degrees) of the image.
    let west: Double, northMercator: Double
    /// Side of a pixel in degrees of longitude (and of Mercator y).
    let pixelDegrees: Double
    /// Cell index per pixel, row by row from the north-west corner; -1 where no cell is.
    private(set) var cells: [Int32]

    /// The image's long side is kept between these (pixels): a small district stays smooth, a
    /// country-sized one stays a few megabytes.
    static let minimumLongSide = 1024, maximumLongSide = 4096
    /// Pixels across a typical (median) cell, when the long side allows it.
    static let pixelsPerCell = 4.0
    /// Side in pixels of the square drawn for a cell given as a point.
    static let pointSide = 3

    /// Whether rows are square in Web Mercator (for Leaflet) or even steps of latitude (for
    /// `map.svg`'s equirectangular frame, where the image is stretched to the frame's aspect).
    let isMercator: Bool

    /// Rasterizes the cells over `bounds` (WGS 84 longitude, latitude).
    init(cells list: [Cell], bounds: (min: XY, max: XY), mercator: Bool = true) {
        isMercator = mercator
        let north = mercator ? Self.mercator(latitude: bounds.max.y) : bounds.max.y
        let south = mercator ? Self.mercator(latitude: bounds.min.y) : bounds.min.y
        let spanX = max(bounds.max.x - bounds.min.x, 1e-6), spanY = max(north - south, 1e-6)
        var pixel = (Self.medianCellWidth(list) ?? max(spanX, spanY) / Double(Self.minimumLongSide)) / Self.pixelsPerCell
        let longSpan = max(spanX, spanY)
        pixel = min(max(pixel, longSpan / Double(Self.maximumLongSide)), longSpan / Double(Self.minimumLongSide))
        width = max(1, min(Self.maximumLongSide, Int((spanX / pixel).rounded(.up))))
        height = max(1, min(Self.maximumLongSide, Int((spanY / pixel).rounded(.up))))
        west = bounds.min.x
        northMercator = north
        pixelDegrees = pixel
        cells = [Int32](repeating: -1, count: width * height)
        for i in list.indices {
            if let ring = list[i].rectangleRing, Self.isFinite(ring) {
                fillRectangle(ring, index: Int32(i))
            } else if let area = list[i].area {
                fill(area, index: Int32(i))
            } else {
                fillPoint(list[i].centroid, index: Int32(i))
            }
        }
    }

    /// Web Mercator y of a latitude, in degrees (so that it compares with longitudes).
    static func mercator(latitude: Double) -> Double {
        let phi = max(-85.0, min(85.0, latitude)) * .pi / 180
        return log(tan(.pi / 4 + phi / 2)) * 180 / .pi
    }

    static func latitude(mercator y: Double) -> Double {
        (2 * atan(exp(y * .pi / 180)) - .pi / 2) * 180 / .pi
    }

    /// The image's corners as latitude, longitude: south-west and north-east.
    var southWest: XY { XY(west, latitude(y: northMercator - Double(height) * pixelDegrees)) }
    var northEast: XY { XY(west + Double(width) * pixelDegrees, latitude(y: northMercator)) }

    /// Pixel position (fractional, x to the east, y to the south) of a longitude, latitude.
    func position(_ p: XY) -> (x: Double, y: Double) {
        ((p.x - west) / pixelDegrees, (northMercator - (isMercator ? Self.mercator(latitude: p.y) : p.y)) / pixelDegrees)
    }

    private func latitude(y: Double) -> Double { isMercator ? Self.latitude(mercator: y) : y }

    /// Median width in degrees of longitude of the cells that have an area.
    static func medianCellWidth(_ list: [Cell]) -> Double? {
        var widths: [Double] = []
        widths.reserveCapacity(list.count)
        for cell in list {
            guard let b = bounds(of: cell), b.max.x - b.min.x > 0, (b.max.x - b.min.x).isFinite else { continue }
            widths.append(b.max.x - b.min.x)
        }
        guard !widths.isEmpty else { return nil }
        widths.sort()
        return widths[widths.count / 2]
    }

    /// `cell.area?.bounds`, for a grid cell without building its ring.
    static func bounds(of cell: Cell) -> (min: XY, max: XY)? {
        if let ring = cell.rectangleRing { return bounds(ring) }
        return cell.area?.bounds
    }

    /// `MultiPolygon.bounds` of a grid cell's ring (its five points, the same minima and maxima
    /// in the same order), without building the ring.
    static func bounds(_ ring: (XY, XY, XY, XY)) -> (min: XY, max: XY)? {
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        func add(_ p: XY) { minX = min(minX, p.x); minY = min(minY, p.y); maxX = max(maxX, p.x); maxY = max(maxY, p.y) }
        add(ring.0); add(ring.1); add(ring.2); add(ring.3); add(ring.0)
        return minX <= maxX ? (XY(minX, minY), XY(maxX, maxY)) : nil
    }

    static func isFinite(_ ring: (XY, XY, XY, XY)) -> Bool {
        func finite(_ p: XY) -> Bool { p.x.isFinite && p.y.isFinite }
        return finite(ring.0) && finite(ring.1) && finite(ring.2) && finite(ring.3)
    }

    /// `fill` of a grid cell's rectangle (finite corners), without its edge and crossing lists:
    /// its two vertical edges cross the same rows, each at its corners' x (an edge whose ends
    /// share x crosses at that x exactly), so every row gets the same pixels `fill` would give.
    private mutating func fillRectangle(_ ring: (XY, XY, XY, XY), index: Int32) {
        let a = position(ring.0), c = position(ring.2)
        guard a.y != c.y else { return }  // no edge but horizontal ones: `fill` draws nothing
        let firstRow = pixelIndex(min(a.y, c.y) - 0.5, .up, limit: height)
        let lastRow = min(height - 1, pixelIndex(max(a.y, c.y) - 0.5, .down, limit: height))
        let from = pixelIndex(min(a.x, c.x) - 0.5, .up, limit: width), to = pixelIndex(max(a.x, c.x) - 0.5, .up, limit: width) - 1
        guard firstRow <= lastRow, from <= to else { return }
        for row in firstRow...lastRow {
            let y = Double(row) + 0.5
            guard (a.y <= y) != (c.y <= y) else { continue }
            for x in from...to { cells[row * width + x] = index }
        }
    }

    /// Even-odd fill of a cell's rings at pixel centres, row by row.
    private mutating func fill(_ area: MultiPolygon, index: Int32) {
        var edges: [(x0: Double, y0: Double, x1: Double, y1: Double)] = []
        for polygon in area.polygons {
            for ring in polygon.rings where ring.count >= 3 && ring.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) {
                let points = ring.map(position)
                for k in points.indices {
                    let a = points[k], b = points[(k + 1) % points.count]
                    if a.y != b.y { edges.append((a.x, a.y, b.x, b.y)) }
                }
            }
        }
        guard let top = edges.map({ min($0.y0, $0.y1) }).min(), let bottom = edges.map({ max($0.y0, $0.y1) }).max() else { return }
        let firstRow = pixelIndex(top - 0.5, .up, limit: height), lastRow = min(height - 1, pixelIndex(bottom - 0.5, .down, limit: height))
        guard firstRow <= lastRow else { return }
        var crossings: [Double] = []
        for row in firstRow...lastRow {
            let y = Double(row) + 0.5
            crossings.removeAll(keepingCapacity: true)
            for e in edges where (e.y0 <= y) != (e.y1 <= y) {
                crossings.append(e.x0 + (y - e.y0) / (e.y1 - e.y0) * (e.x1 - e.x0))
            }
            crossings.sort()
            var k = 0
            while k + 1 < crossings.count {
                // Pixels whose centre x + 0.5 lies in [from, to).
                let from = pixelIndex(crossings[k] - 0.5, .up, limit: width), to = pixelIndex(crossings[k + 1] - 0.5, .up, limit: width) - 1
                if from <= to { for x in from...to { cells[row * width + x] = index } }
                k += 2
            }
        }
    }

    /// `v` rounded, clamped to 0 ... limit before it becomes an Int.
    private func pixelIndex(_ v: Double, _ rule: FloatingPointRoundingRule, limit: Int) -> Int {
        Int(max(0, min(Double(limit), v.rounded(rule))))
    }

    private mutating func fillPoint(_ p: XY, index: Int32) {
        guard p.x.isFinite, p.y.isFinite else { return }
        let c = position(p), half = Double(Self.pointSide) / 2
        let x0 = pixelIndex(c.x - half, .toNearestOrAwayFromZero, limit: width), y0 = pixelIndex(c.y - half, .toNearestOrAwayFromZero, limit: height)
        let x1 = min(width - 1, x0 + Self.pointSide - 1), y1 = min(height - 1, y0 + Self.pointSide - 1)
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 { for x in x0...x1 { cells[y * width + x] = index } }
    }

    /// A palette image of the raster: each pixel the palette index of its cell (`colours`, one
    /// per cell; palette entry 0 is transparent and is used where no cell is).
    func image(palette: [String], colours: [UInt8]) -> PNGImage {
        var pixels = [UInt8](repeating: 0, count: cells.count)
        for (k, cell) in cells.enumerated() where cell >= 0 && Int(cell) < colours.count { pixels[k] = colours[Int(cell)] }
        return PNGImage(width: width, height: height, palette: palette, pixels: pixels)
    }
}
