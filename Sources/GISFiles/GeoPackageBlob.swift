import Model

/// A layer's bounding box, as `gpkg_contents` records it.
struct GeoPackageExtent: Equatable {
    var minX, minY, maxX, maxY: Double

    mutating func merge(_ other: GeoPackageExtent) {
        minX = Swift.min(minX, other.minX); minY = Swift.min(minY, other.minY)
        maxX = Swift.max(maxX, other.maxX); maxY = Swift.max(maxY, other.maxY)
    }
}

/// GeoPackage geometry blobs (the standard's `GeoPackageBinary`: "GP", version 0, flags, the
/// SRS id, an envelope, then little-endian WKB) with GDAL 3.6's choices, so that a row inserted
/// directly holds the bytes GDAL's feature path would have written: no envelope for points and
/// for empty geometries (flagged empty), an xy envelope (minx, maxx, miny, maxy) otherwise.
enum GeoPackageBlob {
    fileprivate static let littleEndian: UInt8 = 0x01, xyEnvelope: UInt8 = 0x02, empty: UInt8 = 0x10

    /// Appends the blob of `geometry` to `bytes`; returns its envelope, nil when it is empty
    /// (an empty geometry does not widen the layer's extent). The blob's size is known from
    /// its rings, so `bytes` grows once and the blob is stored into it (a million cells' blobs
    /// appended value by value were a tenth of the GeoPackage's time).
    static func append(_ geometry: GeoPackageGeometry, srsID: Int32, to bytes: inout [UInt8]) -> GeoPackageExtent? {
        let envelope = envelope(of: geometry)
        let isPoint: Bool
        if case .point = geometry { isPoint = true } else { isPoint = false }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 8 + (envelope != nil && !isPoint ? 32 : 0) + wkbSize(geometry)))
        bytes.withUnsafeMutableBytes { raw in
            var out = BlobWriter(raw: raw, offset: start)
            out.byte(0x47); out.byte(0x50); out.byte(0)  // "GP", version 0
            out.byte(littleEndian | (envelope == nil ? empty : isPoint ? 0 : xyEnvelope))
            out.uint32(UInt32(bitPattern: srsID))
            if let envelope, !isPoint {
                out.double(envelope.minX); out.double(envelope.maxX); out.double(envelope.minY); out.double(envelope.maxY)
            }
            switch geometry {
            case .point(let p):
                out.header(type: 1)
                out.double(p.x); out.double(p.y)
            case .polygon(let polygon):
                out.polygon(polygon)
            case .multiPolygon(let multi):
                out.header(type: 6)
                out.uint32(UInt32(multi.polygons.count))
                for polygon in multi.polygons { out.polygon(polygon) }
            case .rectangle(let a, let b, let c, let d):
                out.header(type: 6)
                out.uint32(1)
                out.header(type: 3)
                out.uint32(1)
                out.uint32(5)
                out.point(a); out.point(b); out.point(c); out.point(d); out.point(a)
            }
        }
        return envelope
    }

    /// Bytes of the WKB of `geometry`: a byte order and type (5), counts (4 each), points (16 each).
    static func wkbSize(_ geometry: GeoPackageGeometry) -> Int {
        func polygon(_ p: Polygon) -> Int { 9 + (4 + 16 * p.exterior.count) + p.holes.reduce(0) { $0 + 4 + 16 * $1.count } }
        switch geometry {
        case .point: return 21
        case .polygon(let p): return polygon(p)
        case .multiPolygon(let multi): return 9 + multi.polygons.reduce(0) { $0 + polygon($1) }
        case .rectangle: return 9 + 9 + 4 + 16 * 5
        }
    }

    /// The bounding box of every ring's points; nil when there are none (an empty geometry).
    static func envelope(of geometry: GeoPackageGeometry) -> GeoPackageExtent? {
        switch geometry {
        case .point(let p): return GeoPackageExtent(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y)
        case .polygon(let polygon): return envelope(of: polygon)
        case .rectangle(let a, let b, let c, let d):
            // The ring's points in its order, as `envelope(of: [XY])` takes them (the same minima and maxima).
            var box = GeoPackageExtent(minX: a.x, minY: a.y, maxX: a.x, maxY: a.y)
            func add(_ p: XY) {
                box.minX = Swift.min(box.minX, p.x); box.maxX = Swift.max(box.maxX, p.x)
                box.minY = Swift.min(box.minY, p.y); box.maxY = Swift.max(box.maxY, p.y)
            }
            add(b); add(c); add(d); add(a)
            return box
        case .multiPolygon(let multi):
            var total: GeoPackageExtent?
            for polygon in multi.polygons {
                guard let part = envelope(of: polygon) else { continue }
                if total == nil { total = part } else { total?.merge(part) }
            }
            return total
        }
    }

    private static func envelope(of polygon: Polygon) -> GeoPackageExtent? {
        var total = envelope(of: polygon.exterior)
        for hole in polygon.holes {
            guard let part = envelope(of: hole) else { continue }
            if total == nil { total = part } else { total?.merge(part) }
        }
        return total
    }

    private static func envelope(of ring: [XY]) -> GeoPackageExtent? {
        guard let first = ring.first else { return nil }
        var box = GeoPackageExtent(minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
        for p in ring.dropFirst() {
            box.minX = Swift.min(box.minX, p.x); box.maxX = Swift.max(box.maxX, p.x)
            box.minY = Swift.min(box.minY, p.y); box.maxY = Swift.max(box.maxY, p.y)
        }
        return box
    }

}

/// Stores a blob's values little-endian into bytes made room for (unaligned stores).
private struct BlobWriter {
    let raw: UnsafeMutableRawBufferPointer
    var offset: Int

    mutating func byte(_ value: UInt8) { raw[offset] = value; offset += 1 }

    mutating func uint32(_ value: UInt32) {
        raw.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
        offset += 4
    }

    mutating func double(_ value: Double) {
        raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: offset, as: UInt64.self)
        offset += 8
    }

    /// A WKB geometry's byte order and type (1 point, 3 polygon, 6 multipolygon).
    mutating func header(type: UInt32) { byte(GeoPackageBlob.littleEndian); uint32(type) }

    mutating func polygon(_ polygon: Polygon) {
        header(type: 3)
        uint32(UInt32(1 + polygon.holes.count))
        ring(polygon.exterior)
        for hole in polygon.holes { ring(hole) }
    }

    mutating func ring(_ ring: [XY]) {
        uint32(UInt32(ring.count))
        for p in ring { point(p) }
    }

    mutating func point(_ p: XY) { double(p.x); double(p.y) }
}
