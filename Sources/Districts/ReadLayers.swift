import Foundation
import Formats
import Model

/// A named area of the boundary or subdistricts layer, already in WGS 84.
struct NamedArea {
    var id: String
    var name: String
    var area: MultiPolygon
    var population: Double?
}

extension DistrictLoader {
    /// Reads a polygon layer, converts it to WGS 84 and checks (and repairs) each polygon.
    func readAreas(_ layer: String, crs districtCRS: String, geographic: Bool) throws -> (file: String, areas: [NamedArea]) {
        var local: [InputError] = []
        let read = try readLayer(layer, crs: districtCRS, geographic: geographic, problems: &local)
        let file = read.file, crs = read.crs
        var areas: [NamedArea] = []
        for feature in read.features {
            let location = feature.location
            guard let multi = feature.geometry?.multiPolygon else {
                local.append(InputError(file: file, location, "geometry is \(feature.geometry?.typeName ?? "missing"); a Polygon or MultiPolygon belongs here"))
                continue
            }
            do {
                var area = try convert(multi, from: crs)
                if let (reason, repaired) = geo.validity(of: area) {
                    guard let repaired else {
                        local.append(InputError(file: file, location, "invalid polygon (\(reason)) that cannot be repaired"))
                        continue
                    }
                    warnings.append(InputError(file: file, location, "invalid polygon (\(reason)) repaired with GEOSMakeValid"))
                    area = repaired
                }
                let id = feature.id ?? String(feature.index)
                let title = feature.properties["name"]?.string ?? id
                var population: Double? = nil
                if let value = feature.properties["pop"] ?? feature.properties["population"] {
                    guard let number = value.number, number >= 0 else {
                        local.append(InputError(file: file, location, "pop must be a number >= 0, not \(value.typeName == "a number" ? "\(value.number ?? 0)" : value.typeName)"))
                        continue
                    }
                    if let problem = Self.populationProblem(number) {
                        local.append(InputError(file: file, location, problem))
                        continue
                    }
                    population = number
                }
                areas.append(NamedArea(id: id, name: title, area: area, population: population))
            } catch let error as InputError {
                local.append(InputError(file: file, location, error.message))
            }
        }
        if areas.isEmpty && local.isEmpty { local.append(InputError(file: file, .file, "has no features")) }
        if !local.isEmpty { throw InputErrors(local) }
        return (file, areas)
    }

    func readSubdistricts(crs: String, geographic: Bool) throws -> [Subdistrict] {
        let (file, areas) = try readAreas("subdistricts", crs: crs, geographic: geographic)
        var seen = Set<String>()
        var local: [InputError] = []
        for area in areas where !seen.insert(area.id).inserted {
            local.append(InputError(file: file, .file, "duplicate id '\(area.id)'"))
        }
        if !local.isEmpty { throw InputErrors(local) }
        return areas.map { Subdistrict(id: $0.id, name: $0.name, area: $0.area, population: $0.population) }
    }

    func convert(_ multi: MultiPolygon, from crs: String) throws -> MultiPolygon {
        if crs == "EPSG:4326" || !crsIsUsable { return multi }
        return MultiPolygon(try multi.polygons.map { polygon in
            Polygon(exterior: try geo.toWGS84(polygon.exterior, from: crs),
                    holes: try polygon.holes.map { try geo.toWGS84($0, from: crs) })
        })
    }

    func convert(_ point: XY, from crs: String) throws -> XY {
        if crs == "EPSG:4326" || !crsIsUsable { return point }
        return try geo.toWGS84([point], from: crs)[0]
    }

    /// A share property (0...1) or the default when absent.
    func share(_ feature: PropertySlots, _ key: String, default value: Double) throws(ShareProblem) -> Double {
        guard let raw = feature[key], raw != .null else { return value }
        guard let number = raw.number else { throw ShareProblem(message: "\(key) must be a number 0..1, not \(raw.typeName)") }
        guard (0...1).contains(number) else { throw ShareProblem(message: "\(key) is \(number.cleanText), outside 0..1") }
        return number
    }

    /// The population layer (cells as polygons or points), or `population.csv`
    /// (`id,lon,lat,pop[,elderly,digital]`, read with line numbers by its own reader).
    func readPopulation(settings: DistrictSettings, crs districtCRS: String, geographic: Bool) throws -> [Cell] {
        let source = try layerSource("population")
        if let source, source.isCSV {
            return try readPopulationCSV(source.path, settings: settings, crs: districtCRS)
        }
        var readerProblems: [InputError] = [], local: [InputError] = []
        var cells: [Cell] = []
        cells.reserveCapacity(source.map(Self.expectedCells) ?? 0)
        var seen = FeatureIds()
        var fatal: (any Error)? = nil // another error ends the reading, as it did when thrown from a loop
        let warningsBefore = warnings.count
        let geojson = try forEachFeature(of: "population", properties: Self.cellProperties, crs: districtCRS, geographic: geographic,
                                         problems: &readerProblems, restart: {
            cells.removeAll(); seen = FeatureIds(); local.removeAll(); fatal = nil; warnings.removeSubrange(warningsBefore...)
        }) { feature, properties, file, crs in
            guard fatal == nil else { return }
            do {
                cells.append(try cell(of: feature, properties, file: file, crs: crs, settings: settings, seen: &seen))
            } catch let problem as ShareProblem {
                local.append(InputError(file: file, feature.location, problem.message))
            } catch let error as InputError {
                local.append(InputError(file: file, feature.location, error.message))
            } catch {
                fatal = error
            }
        }
        if let fatal { throw fatal }
        local = readerProblems + local
        if cells.isEmpty && local.isEmpty { local.append(InputError(file: geojson, .file, "has no cells")) }
        if !local.isEmpty { throw InputErrors(local) }
        return cells
    }

    /// About as many cells as a GeoJSON population layer can hold (a grid cell's feature takes
    /// some 270 bytes, a point's 150 or more), reserved before reading: the cells are then
    /// written once where they stay, not copied at each doubling of the array (a tenth of
    /// reading a million cells). Capacity beyond the cells read is never touched, so it takes
    /// address space, not memory.
    static func expectedCells(in source: LayerSource) -> Int {
        guard source.isGeoJSON, let bytes = try? FileManager.default.attributesOfItem(atPath: source.path)[.size] as? Int else { return 0 }
        return bytes / 150
    }

    /// The properties a population feature's cell takes.
    static let cellProperties = ["pop", "elderly", "digital", "establishments"]

    /// The cell one population feature gives (its id not seen before).
    func cell(of feature: GeoJSONFeature, _ properties: PropertySlots, file: String, crs: String, settings: DistrictSettings,
              seen: inout FeatureIds) throws -> Cell {
        guard let id = feature.id else { throw ShareProblem(message: "has no id") }
        if let first = seen.insert(id, at: feature.index) { throw ShareProblem(message: "duplicate id '\(id)' (first at feature \(first))") }
        guard let raw = properties["pop"], raw != .null else { throw ShareProblem(message: "has no pop") }
        guard let pop = raw.number else { throw ShareProblem(message: "pop must be a number, not \(raw.typeName)") }
        guard pop >= 0 else { throw ShareProblem(message: "pop is \(pop.cleanText); it must be >= 0") }
        if let problem = Self.populationProblem(pop) { throw ShareProblem(message: problem) }
        let elderly = try share(properties, "elderly", default: settings.elderlyShare)
        let digital = try share(properties, "digital", default: settings.defaultDigitalShare(elderlyShare: elderly))
        let establishments = try establishmentCount(properties)
        var area: MultiPolygon? = nil
        let centroid: XY
        switch feature.geometry {
        case .point(let p)?:
            centroid = try convert(p, from: crs)
        case .polygon, .multiPolygon:
            guard let multi = feature.geometry?.multiPolygon else { throw ShareProblem(message: "no geometry") }
            var converted = try convert(multi, from: crs)
            if !Self.isGridRectangle(converted), let (reason, repaired) = geo.validity(of: converted) {
                guard let repaired else { throw ShareProblem(message: "invalid cell polygon (\(reason)) that cannot be repaired") }
                warnings.append(InputError(file: file, feature.location, "invalid cell polygon (\(reason)) repaired with GEOSMakeValid"))
                converted = repaired
            }
            area = converted
            centroid = Self.vertexCentroid(converted)
        default:
            throw ShareProblem(message: "geometry is \(feature.geometry?.typeName ?? "missing"); a Point or Polygon belongs here")
        }
        return Cell(id: id, area: area, centroid: centroid, population: pop, elderlyShare: elderly, digitalShare: digital,
                    establishments: establishments)
    }

    func readPopulationCSV(_ file: String, settings: DistrictSettings, crs: String) throws -> [Cell] {
        var reader = try CSVReader(path: file)
        let columns = try reader.columns(["id", "lon", "lat", "pop"])
        let elderlyColumn = reader.optionalColumn("elderly"), digitalColumn = reader.optionalColumn("digital")
        let establishmentsColumn = reader.optionalColumn("establishments")
        var cells: [Cell] = []
        var seen: [String: Int] = [:]
        var local: [InputError] = []
        let geographic = (try? geo.isGeographic(crs)) ?? true
        try reader.forEach { row in
            func fail(_ message: String) { local.append(InputError(file: file, .line(row.line), message)) }
            let id = row.string(columns[0])
            guard !id.isEmpty else { return fail("empty id") }
            if let first = seen[id] { return fail("duplicate id '\(id)' (first on line \(first))") }
            seen[id] = row.line
            guard let lon = row.double(columns[1]), let lat = row.double(columns[2]), lon.isFinite, lat.isFinite else {
                return fail("lon/lat '\(row.string(columns[1]))', '\(row.string(columns[2]))' are not numbers")
            }
            if geographic && !(-90...90).contains(lat) { return fail("latitude \(lat) is outside -90..90 (swapped? columns are lon,lat)") }
            if geographic && !(-180...180).contains(lon) { return fail("longitude \(lon) is outside -180..180") }
            guard let pop = row.double(columns[3]), pop.isFinite else { return fail("pop '\(row.string(columns[3]))' is not a number") }
            guard pop >= 0 else { return fail("pop is \(pop.cleanText); it must be >= 0") }
            if let problem = Self.populationProblem(pop) { return fail(problem) }
            func optionalShare(_ column: Int?, _ name: String, _ fallback: Double) -> Double? {
                guard let column, !row.isEmpty(column) else { return fallback }
                guard let v = row.double(column), (0...1).contains(v) else {
                    fail("\(name) '\(row.string(column))' must be a share 0..1"); return nil
                }
                return v
            }
            guard let elderly = optionalShare(elderlyColumn, "elderly", settings.elderlyShare),
                  let digital = optionalShare(digitalColumn, "digital", settings.defaultDigitalShare(elderlyShare: elderly)) else { return }
            var establishments = 0.0
            if let column = establishmentsColumn, !row.isEmpty(column) {
                do throws(ShareProblem) {
                    guard let number = row.double(column) else {
                        throw ShareProblem(message: "establishments '\(row.string(column))' is not a number")
                    }
                    establishments = try Self.checkedEstablishments(number)
                } catch { return fail(error.message) }
            }
            do {
                let point = try convert(XY(lon, lat), from: crs)
                cells.append(Cell(id: id, area: nil, centroid: point, population: pop, elderlyShare: elderly, digitalShare: digital,
                                  establishments: establishments))
            } catch { fail("\(error)") }
        }
        if cells.isEmpty && local.isEmpty { local.append(InputError(file: file, .file, "has no cells")) }
        if !local.isEmpty { throw InputErrors(local) }
        return cells
    }

    /// The sites layer: halls and kiosks at points.
    func readSites(services: [ServiceItem], crs districtCRS: String, geographic: Bool) throws -> [Site] {
        var local: [InputError] = []
        let read = try readLayer("sites", crs: districtCRS, geographic: geographic, problems: &local)
        let file = read.file, crs = read.crs, features = read.features
        let itemIDs = Set(services.map(\.id))
        var sites: [Site] = []
        var seen: [String: Int] = [:]
        for feature in features {
            let p = feature.properties
            do {
                guard let id = feature.id else { throw ShareProblem(message: "has no id") }
                if let first = seen[id] { throw ShareProblem(message: "duplicate id '\(id)' (first at feature \(first))") }
                seen[id] = feature.index
                guard case .point(let point)? = feature.geometry else {
                    throw ShareProblem(message: "geometry is \(feature.geometry?.typeName ?? "missing"); a site is a Point")
                }
                guard let kindText = p["kind"]?.string else { throw ShareProblem(message: "has no kind (hall or kiosk)") }
                guard let kind = SiteKind(rawValue: kindText) else { throw ShareProblem(message: "unknown kind '\(kindText)' (hall or kiosk)") }
                var tier: Tier? = nil
                if let tierValue = p["tier"], tierValue != .null {
                    guard let text = tierValue.string, let value = Tier(rawValue: text) else {
                        throw ShareProblem(message: "unknown tier '\(tierValue.string ?? tierValue.typeName)' (city, district, street or community)")
                    }
                    tier = value
                }
                if kind == .hall && tier == nil { throw ShareProblem(message: "a hall needs a tier (city, district, street or community)") }
                var windows = 1
                if let w = p["windows"], w != .null {
                    guard let n = w.number, n == n.rounded() else { throw ShareProblem(message: "windows must be a whole number, not \(w.string.map { "'\($0)'" } ?? w.typeName)") }
                    guard n >= 1 else { throw ShareProblem(message: "windows is \(n.cleanText); a site needs at least 1") }
                    guard n <= Double(InputLimits.windows.upperBound) else {
                        throw ShareProblem(message: "windows is \(n.cleanText); at most \(InputLimits.windows.upperBound) per site")
                    }
                    windows = Int(n)
                } else if kind == .hall {
                    throw ShareProblem(message: "a hall needs windows (a whole number >= 1)")
                }
                var hours = OpeningHours.alwaysOpen
                if let h = p["hours"], h != .null {
                    guard let text = h.string else { throw ShareProblem(message: "hours must be text in opening_hours syntax") }
                    do { hours = try OpeningHours(parsing: text) } catch { throw ShareProblem(message: "bad opening hours: \(error)") }
                } else if kind == .hall {
                    throw ShareProblem(message: "a hall needs hours (opening_hours syntax, e.g. \"Mo-Fr 09:00-17:00\")")
                }
                var list: [String]? = nil
                if let s = p["services"], s != .null {
                    guard let items = Self.itemIDs(s) else {
                        throw ShareProblem(message: "services must be a list of item ids (in a format without lists, text: \"A01,B02\" or [\"A01\",\"B02\"])")
                    }
                    let unknown = items.filter { !itemIDs.contains($0) }
                    if !unknown.isEmpty { throw ShareProblem(message: "unknown service id\(unknown.count > 1 ? "s" : "") \(unknown.joined(separator: ", "))") }
                    list = items
                }
                let arrivals = Self.siteArrivals(p)
                if let problem = arrivals.problem { throw ShareProblem(message: problem) }
                let location = try convert(point, from: crs)
                var site = Site(id: id, name: p["name"]?.string ?? id, kind: kind, tier: tier, windows: windows,
                                hours: hours, services: list, location: location)
                site.arrivalHours = arrivals.hours
                site.appointmentShare = arrivals.share
                sites.append(site)
            } catch let problem as ShareProblem {
                local.append(InputError(file: file, feature.location, problem.message))
            } catch let error as InputError {
                local.append(InputError(file: file, feature.location, error.message))
            }
        }
        if sites.isEmpty && local.isEmpty { local.append(InputError(file: file, .file, "has no sites")) }
        if !local.isEmpty { throw InputErrors(local) }
        return sites
    }

    func readCandidates(crs districtCRS: String, geographic: Bool) throws -> [Candidate] {
        var local: [InputError] = []
        let read = try readLayer("candidates", crs: districtCRS, geographic: geographic, problems: &local)
        let file = read.file, crs = read.crs, features = read.features
        var out: [Candidate] = []
        var seen = Set<String>()
        for feature in features {
            guard let id = feature.id else { local.append(InputError(file: file, feature.location, "has no id")); continue }
            guard seen.insert(id).inserted else { local.append(InputError(file: file, feature.location, "duplicate id '\(id)'")); continue }
            guard case .point(let point)? = feature.geometry else {
                local.append(InputError(file: file, feature.location, "geometry is \(feature.geometry?.typeName ?? "missing"); a candidate is a Point"))
                continue
            }
            do { out.append(Candidate(id: id, location: try convert(point, from: crs))) } catch {
                local.append(InputError(file: file, feature.location, "\(error)"))
            }
        }
        if !local.isEmpty { throw InputErrors(local) }
        return out
    }

    /// A site's `services`: a list of item ids, or, from formats without lists (Shapefile,
    /// CSV, GeoPackage as GDAL writes a list), text holding them comma-separated or as a JSON array.
    static func itemIDs(_ value: JSONValue) -> [String]? {
        if let list = value.array {
            let ids = list.compactMap(\.idText)
            return ids.count == list.count ? ids : nil
        }
        guard let text = value.string else { return nil }
        if text.hasPrefix("[") {
            guard let parsed = try? JSONValue.parse(Data(text.utf8), file: "services"), parsed.array != nil else { return nil }
            return itemIDs(parsed)
        }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Why a resident count above `InputLimits.maxPopulation` is refused, or nil when it is within.
    static func populationProblem(_ pop: Double) -> String? {
        pop <= InputLimits.maxPopulation ? nil : InputLimits.populationMessage(pop)
    }

    /// The mean of an area's exterior vertices (closing vertex excluded): good enough to place a
    /// grid cell's centroid; GEOS gives the exact centroid where it matters.
    /// Whether `area` is one hole-free, closed five-point ring of axis-parallel edges around a
    /// finite, non-empty rectangle: a grid cell, valid without asking GEOS (a million cells).
    static func isGridRectangle(_ area: MultiPolygon) -> Bool {
        guard area.polygons.count == 1, let polygon = area.polygons.first, polygon.holes.isEmpty, polygon.exterior.count == 5 else { return false }
        let p = polygon.exterior
        let width = p[2].x - p[0].x, height = p[2].y - p[0].y
        let turn = width * height // the cross product at every corner, as GEOS-free convexity tests it
        guard turn.isFinite, turn != 0, p[4] == p[0] else { return false }
        let alongX = p[1].y == p[0].y && p[1].x == p[2].x && p[3].x == p[0].x && p[3].y == p[2].y
        let alongY = p[1].x == p[0].x && p[1].y == p[2].y && p[3].y == p[0].y && p[3].x == p[2].x
        return alongX || alongY
    }

    static func vertexCentroid(_ area: MultiPolygon) -> XY {
        var x = 0.0, y = 0.0, n = 0.0
        for polygon in area.polygons {
            for p in polygon.exterior.dropLast() { x += p.x; y += p.y; n += 1 }
        }
        return n > 0 ? XY(x / n, y / n) : XY(0, 0)
    }
}

/// A problem with one feature, turned into an InputError with its location by the caller.
struct ShareProblem: Error {
    let message: String
}
