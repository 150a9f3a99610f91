import Foundation
import Model

/// Options of the synthetic Chinese-style district generator (`twinreach generate`).
public struct SyntheticOptions: Sendable {
    public var seed: UInt64 = 1
    public var name = "合成区 Synthetic District"
    /// Grid cells along x (east) and y (north), and their side.
    public var cellsX = 40, cellsY = 40
    public var cellMeters = 200.0
    /// Centre of the district (WGS 84).
    public var center = XY(113.93, 22.53)
    /// Street spacing of the road grid; every `arterialEvery`-th street is an arterial.
    public var roadSpacingMeters = 200.0
    public var arterialEvery = 5
    /// Residents per km² on average.
    public var meanDensityPerKm2 = 12_000.0
    /// The density between the clusters, relative to a cluster's peak (about 1): 0.15 is a city
    /// with people everywhere, 0.02 villages in empty valleys.
    public var backgroundDensity = 0.15
    /// Kiosks; nil = one per 1.5 km².
    public var kioskCount: Int? = nil
    /// Candidate sites every this many metres.
    public var candidateSpacingMeters = 1_000.0
    /// `max_snap_meters` of the district: how far a cell or site may lie from a road node.
    public var maxSnapMeters = 500.0
    public init() {}

    /// The presets of `generate --preset` (documented in the README): a dense core, a suburban
    /// district and a rural mountain county with sparse roads.
    public static let presetNames = ["dense-core", "suburban", "rural-mountain"]

    /// A preset's options (seed and name can still be changed), or nil for an unknown name.
    /// - dense-core: 30 × 30 cells of 100 m (9 km²), 40,000 residents per km², a street every
    ///   100 m (every 4th an arterial), 24 kiosks.
    /// - suburban: 40 × 30 cells of 200 m (48 km²), 3,000 per km², streets every 400 m, 16 kiosks.
    /// - rural-mountain: 40 × 40 cells of 500 m (400 km²), 60 per km² in villages (background
    ///   0.02), roads every 2,000 m (every 3rd an arterial), 8 kiosks; `max_snap_meters` 1,500
    ///   (farm paths to the road: no point of a 2 km block is farther from a junction than 1,414 m).
    public static func preset(_ name: String) -> SyntheticOptions? {
        var o = SyntheticOptions()
        switch name {
        case "dense-core":
            o.name = "密集核心区 Dense Core"
            (o.cellsX, o.cellsY, o.cellMeters) = (30, 30, 100)
            o.meanDensityPerKm2 = 40_000
            (o.roadSpacingMeters, o.arterialEvery) = (100, 4)
            o.kioskCount = 24
            o.candidateSpacingMeters = 500
        case "suburban":
            o.name = "近郊区 Suburban District"
            o.center = XY(114.05, 22.68)
            (o.cellsX, o.cellsY, o.cellMeters) = (40, 30, 200)
            o.meanDensityPerKm2 = 3_000
            (o.roadSpacingMeters, o.arterialEvery) = (400, 4)
            o.kioskCount = 16
        case "rural-mountain":
            o.name = "山区县 Rural Mountain County"
            o.center = XY(113.35, 24.80)
            (o.cellsX, o.cellsY, o.cellMeters) = (40, 40, 500)
            o.meanDensityPerKm2 = 60
            o.backgroundDensity = 0.02
            (o.roadSpacingMeters, o.arterialEvery) = (2_000, 3)
            o.kioskCount = 8
            o.candidateSpacingMeters = 4_000
            o.maxSnapMeters = 1_500
        default:
            return nil
        }
        return o
    }
}

/// A generated district and its road network as OSM XML (readosm reads `.osm`).
public struct SyntheticDistrict: Sendable {
    public var district: District
    public var roadsOSMXML: String
    public var roadNodeCount: Int
}

/// Generates a Chinese-style district: a street grid with arterials, population in clusters,
/// 8–12 街道 as subdistricts, one district hall, a street hall per 街道, community stations,
/// 24-hour kiosks, the standard catalogue and channels. Same options, same district.
public enum SyntheticGenerator {
    static let streetNames = ["南山街道", "粤海街道", "沙河街道", "蛇口街道", "招商街道", "南头街道",
                              "西丽街道", "桃源街道", "大冲街道", "前海街道", "华侨城街道", "科技园街道"]

    /// Local metres (from the south-west corner of the district) to WGS 84.
    struct Frame {
        let o: SyntheticOptions
        let width: Double, height: Double
        let metersPerDegreeLon: Double, metersPerDegreeLat: Double

        init(_ o: SyntheticOptions) {
            self.o = o
            width = Double(o.cellsX) * o.cellMeters
            height = Double(o.cellsY) * o.cellMeters
            metersPerDegreeLon = 111_320 * cos(o.center.y * .pi / 180)
            metersPerDegreeLat = 110_574.0
        }

        /// Local metres (from the south-west corner) to WGS 84, rounded to 7 decimals as written.
        func lonLat(_ x: Double, _ y: Double) -> XY {
            let lon = o.center.x + (x - width / 2) / metersPerDegreeLon
            let lat = o.center.y + (y - height / 2) / metersPerDegreeLat
            return XY((lon * 1e7).rounded() / 1e7, (lat * 1e7).rounded() / 1e7)
        }

        func rectangle(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> MultiPolygon {
            MultiPolygon([Polygon(exterior: [lonLat(x0, y0), lonLat(x1, y0), lonLat(x1, y1), lonLat(x0, y1), lonLat(x0, y0)])])
        }
    }

    typealias Block = (x0: Int, y0: Int, x1: Int, y1: Int)

    /// The random draws are made in one order (街道 count, clusters, cell densities, sites), each
    /// step below drawing from the one generator in turn: same seed, same district.
    public static func generate(_ o: SyntheticOptions) -> SyntheticDistrict {
        var rng = SeededGenerator(seed: o.seed)
        let frame = Frame(o)
        let width = frame.width, height = frame.height
        let streetCount = rng.int(8...12)
        let blocks = streetBlocks(o, streetCount: streetCount)
        let subdistricts = blocks.enumerated().map { n, b in
            Subdistrict(id: String(format: "JD%02d", n + 1), name: streetNames[n % streetNames.count],
                        area: frame.rectangle(Double(b.x0) * o.cellMeters, Double(b.y0) * o.cellMeters,
                                              Double(b.x1) * o.cellMeters, Double(b.y1) * o.cellMeters))
        }
        var settings = DistrictSettings(name: o.name)
        settings.maxSnapMeters = o.maxSnapMeters
        let cells = populatedCells(frame, streetCount: streetCount, settings: settings, rng: &rng)
        let sites = generatedSites(frame, blocks: blocks, subdistricts: subdistricts, cells: cells, rng: &rng)
        let candidates = candidateGrid(frame)
        let (xml, nodeCount) = roadGrid(width: width, height: height, spacing: o.roadSpacingMeters,
                                        arterialEvery: o.arterialEvery, lonLat: frame.lonLat)
        let district = District(settings: settings, boundary: frame.rectangle(0, 0, width, height), subdistricts: subdistricts,
                                cells: cells, sites: sites, channels: StandardCatalogue.channels,
                                services: StandardCatalogue.items, roadsPath: nil, candidates: candidates)
        return SyntheticDistrict(district: district, roadsOSMXML: xml, roadNodeCount: nodeCount)
    }

    /// 街道: vertical strips split into rows, on cell boundaries so every cell lies in one.
    static func streetBlocks(_ o: SyntheticOptions, streetCount: Int) -> [Block] {
        let columns = Int(Double(streetCount).squareRoot().rounded(.up))
        var blocks: [Block] = []
        for c in 0..<columns {
            let rows = streetCount / columns + (c < streetCount % columns ? 1 : 0)
            let x0 = o.cellsX * c / columns, x1 = o.cellsX * (c + 1) / columns
            for r in 0..<rows {
                blocks.append((x0, o.cellsY * r / rows, x1, o.cellsY * (r + 1) / rows))
            }
        }
        return blocks
    }

    /// The grid cells with population from clusters: dense cores and an older town with more
    /// elderly residents (draws: the clusters, then one jitter per cell, row by row).
    static func populatedCells(_ frame: Frame, streetCount: Int, settings: DistrictSettings,
                               rng: inout SeededGenerator) -> [Cell] {
        let o = frame.o
        let width = frame.width, height = frame.height
        struct Cluster { var x, y, sigma, weight, elderly: Double }
        let clusters = (0..<(streetCount + 3)).map { n in
            Cluster(x: rng.uniform(0...width), y: rng.uniform(0...height),
                    sigma: rng.uniform(0.08...0.22) * min(width, height), weight: rng.uniform(0.5...2.0),
                    elderly: n == 0 ? 0.28 : rng.uniform(0.06...0.16))
        }
        var raw: [(density: Double, elderly: Double)] = []
        for j in 0..<o.cellsY {
            for i in 0..<o.cellsX {
                let x = (Double(i) + 0.5) * o.cellMeters, y = (Double(j) + 0.5) * o.cellMeters
                var density = o.backgroundDensity, elderlyWeighted = o.backgroundDensity * 0.12
                for c in clusters {
                    let d2 = ((x - c.x) * (x - c.x) + (y - c.y) * (y - c.y)) / (2 * c.sigma * c.sigma)
                    let w = c.weight * exp(-d2)
                    density += w
                    elderlyWeighted += w * c.elderly
                }
                density *= rng.uniform(0.7...1.3)
                raw.append((density, elderlyWeighted / max(density, 1e-9)))
            }
        }
        let meanRaw = raw.reduce(0) { $0 + $1.density } / Double(raw.count)
        let cellKm2 = o.cellMeters * o.cellMeters / 1e6
        var cells: [Cell] = []
        for j in 0..<o.cellsY {
            for i in 0..<o.cellsX {
                let r = raw[j * o.cellsX + i]
                let pop = (r.density / meanRaw * o.meanDensityPerKm2 * cellKm2).rounded()
                let elderly = (min(0.6, max(0.02, r.elderly)) * 1000).rounded() / 1000
                let x0 = Double(i) * o.cellMeters, y0 = Double(j) * o.cellMeters
                cells.append(Cell(id: String(format: "c%05d", j * o.cellsX + i),
                                  area: frame.rectangle(x0, y0, x0 + o.cellMeters, y0 + o.cellMeters),
                                  centroid: frame.lonLat(x0 + o.cellMeters / 2, y0 + o.cellMeters / 2), population: pop,
                                  elderlyShare: elderly,
                                  digitalShare: (settings.defaultDigitalShare(elderlyShare: elderly) * 1000).rounded() / 1000))
            }
        }
        return cells
    }

    /// Sites by tier: the district hall in the most populous 街道, a street hall per 街道,
    /// community stations, kiosks at busy cells.
    static func generatedSites(_ frame: Frame, blocks: [Block], subdistricts: [Subdistrict], cells: [Cell],
                               rng: inout SeededGenerator) -> [Site] {
        let o = frame.o
        let width = frame.width, height = frame.height
        var sites: [Site] = []
        let hallHours = OpeningHours(literal: "Mo-Fr 09:00-12:00,13:30-18:00; Sa 09:00-12:00")
        let streetHours = OpeningHours(literal: "Mo-Fr 09:00-12:00,14:00-17:30")
        let communityHours = OpeningHours(literal: "Mo-Fr 09:00-17:00")
        let kioskHours = [OpeningHours.alwaysOpen, OpeningHours(literal: "Mo-Su 07:00-22:00")]
        func populationOf(_ b: Block) -> Double {
            var total = 0.0
            for j in b.y0..<b.y1 { for i in b.x0..<b.x1 { total += cells[j * o.cellsX + i].population } }
            return total
        }
        func randomPoint(in b: Block, margin: Double = 0.15) -> XY {
            let fx = rng.uniform(margin...(1 - margin)), fy = rng.uniform(margin...(1 - margin))
            return frame.lonLat((Double(b.x0) + fx * Double(b.x1 - b.x0)) * o.cellMeters,
                                (Double(b.y0) + fy * Double(b.y1 - b.y0)) * o.cellMeters)
        }
        let busiest = blocks.indices.max { populationOf(blocks[$0]) < populationOf(blocks[$1]) } ?? 0
        sites.append(Site(id: "H-D01", name: "区政务服务中心 District Service Hall", kind: .hall, tier: .district,
                          windows: 30, hours: hallHours, services: nil, location: randomPoint(in: blocks[busiest], margin: 0.4)))
        for (n, b) in blocks.enumerated() {
            sites.append(Site(id: String(format: "H-S%02d", n + 1), name: "\(subdistricts[n].name)党群服务中心", kind: .hall,
                              tier: .street, windows: rng.int(6...10), hours: streetHours, services: nil,
                              location: randomPoint(in: b, margin: 0.3)))
            let stations = 2 + Int(populationOf(b) / 25_000)
            for k in 0..<min(stations, 5) {
                sites.append(Site(id: String(format: "H-C%02d%d", n + 1, k + 1), name: "\(subdistricts[n].name)社区工作站\(k + 1)",
                                  kind: .hall, tier: .community, windows: rng.int(1...2), hours: communityHours, services: nil,
                                  location: randomPoint(in: b)))
            }
        }
        let kioskCount = o.kioskCount ?? max(4, Int((width * height / 1e6) / 1.5))
        let byPopulation = cells.indices.sorted { cells[$0].population > cells[$1].population || (cells[$0].population == cells[$1].population && $0 < $1) }
        for k in 0..<kioskCount {
            let cell = cells[byPopulation[(k * 7919) % max(1, byPopulation.count * 2 / 3)]]
            sites.append(Site(id: String(format: "K%03d", k + 1), name: "自助服务终端 Kiosk \(k + 1)", kind: .kiosk, tier: nil,
                              windows: 1, hours: kioskHours[k % 2], services: nil, location: cell.centroid))
        }
        return sites
    }

    /// Candidate sites on a square grid every `candidateSpacingMeters`, from the south-west.
    static func candidateGrid(_ frame: Frame) -> [Candidate] {
        let o = frame.o
        var candidates: [Candidate] = []
        var y = o.candidateSpacingMeters / 2
        while y < frame.height {
            var x = o.candidateSpacingMeters / 2
            while x < frame.width {
                candidates.append(Candidate(id: String(format: "C%04d", candidates.count + 1), location: frame.lonLat(x, y)))
                x += o.candidateSpacingMeters
            }
            y += o.candidateSpacingMeters
        }
        return candidates
    }

    /// A rectangular street grid as OSM XML: residential streets, every `arterialEvery`-th a
    /// primary road with `maxspeed=50`.
    static func roadGrid(width: Double, height: Double, spacing: Double, arterialEvery: Int,
                         lonLat: (Double, Double) -> XY) -> (String, Int) {
        let nx = Int(width / spacing) + 1, ny = Int(height / spacing) + 1
        var xml = "<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\" generator=\"twinreach generate\">\n"
        xml.reserveCapacity(nx * ny * 80)
        func id(_ i: Int, _ j: Int) -> Int { j * nx + i + 1 }
        for j in 0..<ny {
            for i in 0..<nx {
                let p = lonLat(Double(i) * spacing, Double(j) * spacing)
                xml += "<node id=\"\(id(i, j))\" lat=\"\(p.y)\" lon=\"\(p.x)\" version=\"1\"/>\n"
            }
        }
        var wayID = 1
        func way(_ refs: [Int], arterial: Bool) {
            xml += "<way id=\"\(wayID)\" version=\"1\">"
            for r in refs { xml += "<nd ref=\"\(r)\"/>" }
            xml += arterial ? "<tag k=\"highway\" v=\"primary\"/><tag k=\"maxspeed\" v=\"50\"/>" : "<tag k=\"highway\" v=\"residential\"/>"
            xml += "</way>\n"
            wayID += 1
        }
        for j in 0..<ny { way((0..<nx).map { id($0, j) }, arterial: j % arterialEvery == 0) }
        for i in 0..<nx { way((0..<ny).map { id(i, $0) }, arterial: i % arterialEvery == 0) }
        xml += "</osm>\n"
        return (xml, nx * ny)
    }
}
