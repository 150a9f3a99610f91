import Foundation
import Model
import Projection
import Testing
import TestSupport

/// Metres between two lon/lat points close together (local equirectangular approximation).
private func metresApart(_ a: XY, _ b: XY) -> Double {
    let metresPerDegree = 111_320.0
    let dx = (a.x - b.x) * metresPerDegree * cos(a.y * .pi / 180)
    let dy = (a.y - b.y) * metresPerDegree
    return (dx * dx + dy * dy).squareRoot()
}

private let andorra = XY(1.5218, 42.5063)
private let beijing = XY(116.3912, 39.9075)
private let sydney = XY(151.2093, -33.8688)

@Suite struct UTMTests {
    @Test(arguments: [
        (andorra, 32631), (beijing, 32650), (sydney, 32756),
        (XY(5.9999, 45.0), 32631),   // 0.0001 degrees west of the zone 31 / 32 edge
        (XY(-0.1276, 51.5072), 32630), (XY(179.9, -10), 32760), (XY(-179.9, 10), 32601),
    ])
    func roundTripWithinAMillimetre(point: XY, epsg: Int) throws {
        let utm = CRS.localMetric(for: point)
        #expect(utm == .epsg(epsg))
        let forward = try Transformer(from: .wgs84, to: utm)
        let back = try Transformer(from: utm, to: .wgs84)
        let projected = try forward.transform(point)
        #expect(metresApart(try back.transform(projected), point) < 0.001)
        // And from metres: a point 1 km north-east round-trips in metres too.
        let shifted = XY(projected.x + 1000, projected.y + 1000)
        let again = try forward.transform(try back.transform(shifted))
        #expect(abs(again.x - shifted.x) < 0.001 && abs(again.y - shifted.y) < 0.001)
    }

    @Test func publishedUTMReferencePoint() throws {
        // PROJ's test suite (test/gie/builtins.gie): +proj=utm +zone=32 +ellps=GRS80,
        // 12E 55N -> 691875.632139661, 6098907.825005012. WGS 84 differs from GRS80 by 0.1 mm here.
        let p = try Transformer(from: .wgs84, to: .epsg(32632)).transform(XY(12, 55))
        #expect(abs(p.x - 691875.632139661) < 0.001)
        #expect(abs(p.y - 6098907.825005012) < 0.001)
    }

    @Test func zoneEdgeIsMetricOnBothSides() throws {
        // Zone 31's central meridian is 3E: a point on it has easting 500 000 exactly.
        let onMeridian = try Transformer(from: .wgs84, to: .epsg(32631)).transform(XY(3, 45))
        #expect(abs(onMeridian.x - 500_000) < 0.001)
        // 0.2 degrees apart across the 6E edge: ~15.7 km east-west at 45N, in either zone.
        let a = XY(5.9, 45), b = XY(6.1, 45)
        for zone in [32631, 32632] {
            let t = try Transformer(from: .wgs84, to: .epsg(zone))
            let pa = try t.transform(a), pb = try t.transform(b)
            #expect(abs(pb.x - pa.x - 15_770) < 30)
        }
    }

    @Test func batchEqualsOneByOne() throws {
        let t = try Transformer(from: .wgs84, to: .epsg(32650))
        let points = (0..<500).map { i in XY(116 + Double(i) * 0.002, 39.5 + Double(i % 37) * 0.01) }
        let batch = try t.transform(points)
        for (i, p) in points.enumerated() { #expect(try t.transform(p) == batch[i]) }
    }

    @Test func failedPointIsNamed() throws {
        let t = try Transformer(from: .wgs84, to: .epsg(32631))
        #expect {
            _ = try t.transform([XY(1, 42), XY(1, 95)])
        } throws: { error in
            (error as? ProjectionError)?.description
                == "cannot transform point 1 (1.0, 95.0) from EPSG:4326 to EPSG:32631"
        }
    }

    @Test func polygonRingsAreTransformed() throws {
        let t = try Transformer(from: .wgs84, to: .epsg(32631))
        let ring = [XY(1.5, 42.5), XY(1.51, 42.5), XY(1.51, 42.51), XY(1.5, 42.5)]
        let polygon = try t.transform(Polygon(exterior: ring, holes: [ring]))
        #expect(polygon.exterior == (try t.transform(ring)))
        #expect(polygon.holes == [try t.transform(ring)])
    }

    @Test func transformersOnManyThreads() throws {
        let expected = try Transformer(from: .wgs84, to: .epsg(32650)).transform(beijing)
        let mismatches = Counter()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<20 {
                guard let t = try? Transformer(from: .wgs84, to: .epsg(32650)),
                      let p = try? t.transform(beijing), p == expected else { mismatches.add(); continue }
            }
        }
        #expect(mismatches.value == 0)
    }
}

@Suite struct CGCS2000Tests {
    @Test func gaussKrugerZonesOfBeijing() throws {
        // 116.39E lies in 3-degree zone 39 (central meridian 117E).
        #expect(CRS.cgcs2000GaussKruger(forLongitude: beijing.x, zonePrefix: true) == .epsg(4527))
        #expect(CRS.cgcs2000GaussKruger(forLongitude: beijing.x, zonePrefix: false) == .epsg(4548))
        #expect(CRS.cgcs2000GaussKruger(forLongitude: 10, zonePrefix: false) == nil)
    }

    /// A longitude that is no longer a longitude (a failed projection) has no zone; NaN and
    /// 1e300 trapped in the conversion to a zone number before.
    @Test(arguments: [Double.nan, .infinity, 1e300, -1e19])
    func noZoneForAnImpossibleLongitude(_ lon: Double) {
        #expect(CRS.cgcs2000GaussKruger(forLongitude: lon, zonePrefix: true) == nil)
        #expect(CRS.localMetric(for: XY(lon, 40)) == .epsg(32631))
    }

    @Test func gaussKrugerRoundTripAndAxisOrder() throws {
        let zoned = try Transformer(from: .cgcs2000, to: .epsg(4527))
        let plain = try Transformer(from: .cgcs2000, to: .epsg(4548))
        // On the central meridian the easting is the false easting (zone number in front).
        let onMeridian = try zoned.transform(XY(117, 40))
        #expect(abs(onMeridian.x - 39_500_000) < 0.001)
        #expect(abs(try plain.transform(XY(117, 40)).x - 500_000) < 0.001)
        // x is the easting (EPSG's own axis order is northing first): west of the meridian < 500 km.
        let p = try zoned.transform(beijing)
        #expect(p.x > 39_440_000 && p.x < 39_460_000)
        #expect(p.y > 4_410_000 && p.y < 4_430_000)
        #expect(abs(try plain.transform(beijing).x - (p.x - 39_000_000)) < 0.001)
        let back = try Transformer(from: .epsg(4527), to: .cgcs2000).transform(p)
        #expect(metresApart(back, beijing) < 0.001)
    }
}

@Suite struct ChineseOffsetTests {
    @Test func wgs84ToGCJ02InBeijing() throws {
        // Reference: the coordtransform 0.2.1 Python package (same Krasovsky constants),
        // wgs84_to_gcj02(116.3912, 39.9075).
        let gcj = try Transformer(from: .wgs84, to: .gcj02).transform(beijing)
        #expect(abs(gcj.x - 116.39744112901701) < 1e-9)
        #expect(abs(gcj.y - 39.90890122806499) < 1e-9)
        // The offset is the famous few hundred metres.
        let offset = metresApart(gcj, beijing)
        #expect(offset > 400 && offset < 700)
    }

    @Test func gcj02RoundTripWithinACentimetre() throws {
        let toGCJ = try Transformer(from: .wgs84, to: .gcj02)
        let fromGCJ = try Transformer(from: .gcj02, to: .wgs84)
        for p in [beijing, XY(113.85, 22.61), XY(87.6, 43.8), XY(126.6, 45.75), XY(121.47, 31.23)] {
            #expect(metresApart(try fromGCJ.transform(try toGCJ.transform(p)), p) < 0.01)
        }
    }

    @Test func outsideChinaIsUnchanged() throws {
        #expect(try Transformer(from: .wgs84, to: .gcj02).transform(andorra) == andorra)
        #expect(try Transformer(from: .gcj02, to: .wgs84).transform(sydney) == sydney)
    }

    @Test func bd09() throws {
        // Reference: coordtransform 0.2.1 gcj02_to_bd09(116.3912, 39.9075) (eviltransform agrees).
        let bd = try Transformer(from: .gcj02, to: .bd09).transform(beijing)
        #expect(abs(bd.x - 116.39758552281555) < 1e-9)
        #expect(abs(bd.y - 39.91381027635714) < 1e-9)
        let gcj = try Transformer(from: .bd09, to: .gcj02).transform(bd)
        #expect(metresApart(gcj, beijing) < 0.01)
        // BD-09 straight to UTM equals going through WGS 84 by hand.
        let wgs = try Transformer(from: .bd09, to: .wgs84).transform(bd)
        let direct = try Transformer(from: .bd09, to: .epsg(32650)).transform(bd)
        let viaWGS = try Transformer(from: .wgs84, to: .epsg(32650)).transform(wgs)
        #expect(abs(direct.x - viaWGS.x) < 1e-6 && abs(direct.y - viaWGS.y) < 1e-6)
        let toBD = try Transformer(from: .wgs84, to: .bd09).transform(wgs)
        #expect(metresApart(toBD, bd) < 0.01)
    }
}

@Suite struct CRSParsingTests {
    @Test(arguments: [
        ("EPSG:4326", CRS.wgs84), ("epsg:32631", .epsg(32631)), (" EPSG:4490 ", .epsg(4490)),
        ("CGCS2000", .epsg(4490)), ("urn:ogc:def:crs:OGC:1.3:CRS84", .wgs84),
        ("urn:ogc:def:crs:EPSG::4513", .epsg(4513)), ("WGS84", .wgs84),
        ("GCJ-02", .gcj02), ("gcj02", .gcj02), ("BD-09", .bd09), ("BD09", .bd09),
    ])
    func parses(text: String, crs: CRS) throws {
        #expect(try CRS(text) == crs)
    }

    @Test func unknownCRSIsNamed() throws {
        for text in ["EPSG:999999", "foo", "EPSG:", "EPSG:43x6"] {
            #expect(throws: ProjectionError.unknownCRS(text)) { _ = try CRS(text) }
        }
        #expect(ProjectionError.unknownCRS("EPSG:999999").description == "unknown CRS 'EPSG:999999'")
        #expect(throws: ProjectionError.unknownCRS("EPSG:999999")) {
            _ = try Transformer(from: .wgs84, to: .epsg(999999))
        }
        #expect(throws: ProjectionError.unknownCRS("EPSG:999999")) {
            _ = try Transformer(from: .epsg(999999), to: .gcj02)
        }
    }

    @Test func descriptionsRoundTrip() throws {
        for crs in [CRS.wgs84, .epsg(32756), .gcj02, .bd09] { #expect(try CRS(crs.description) == crs) }
    }
}

extension UTMTests {
    @Test func contextsOfFinishedThreadsAreFreedCleanly() throws {
        let expected = try Transformer(from: .wgs84, to: .epsg(32631)).transform(andorra)
        let kept = try Transformer(from: .wgs84, to: .epsg(32631))
        let mismatches = Counter()
        for _ in 0..<20 {
            let done = DispatchSemaphore(value: 0)
            Thread {
                let p = try? Transformer(from: .wgs84, to: .epsg(32631)).transform(andorra)
                if p != expected { mismatches.add() }
                done.signal()
            }.start()
            done.wait()
        }
        #expect(mismatches.value == 0)
        #expect(try kept.transform(andorra) == expected)
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

@Suite struct HelsinkiGridProjectionTests {
    /// Shoelace area of a closed ring (the reference formula, independent of GEOS).
    private func shoelace(_ ring: [XY]) -> Double {
        var twice = 0.0
        for i in 0..<(ring.count - 1) { twice += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y }
        return abs(twice) / 2
    }

    @Test func cellsAre250MetreSquaresInTheirOriginalCRS() throws {
        guard let cells = try HelsinkiGrid.cells() else { return }
        // EPSG:3879 (ETRS89 / GK25FIN) is the grid's own CRS: 62 500 m^2 per cell, up to the
        // 7-decimal rounding of the published lon/lat (about 1 cm).
        let toGK = try Transformer(from: .wgs84, to: .epsg(3879))
        for cell in cells {
            #expect(abs(shoelace(try toGK.transform(cell.ring)) - 62_500) < 10)
        }
        // In the local UTM zone (35N: central meridian 27E, ~2 degrees away) the scale factor is
        // 0.9996 * (1 + (0.0361 rad * cos 60.16)^2 / 2) = 0.99976, so areas shrink by ~0.05 %.
        let utm = CRS.localMetric(for: cells[0].centroid)
        #expect(utm == .epsg(32635))
        let toUTM = try Transformer(from: .wgs84, to: utm)
        for cell in cells {
            let ratio = shoelace(try toUTM.transform(cell.ring)) / 62_500
            #expect(abs(ratio - 0.99952) < 0.0003)
        }
    }
}
