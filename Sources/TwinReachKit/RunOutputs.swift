import Foundation
import Formats
import Geometry
import Maps
import Model
import Reporting
import TwinSpace

/// Writes a run's output folder: every file is first written into a staging folder beside it,
/// which then replaces the output folder in one rename, so a failed run leaves no partial output
/// (the rules for what may be replaced: `OutputFolder`).
enum RunOutputs {
    /// A cell is a gap cell when at least half of its residents (demand-weighted, see TwinSpace)
    /// have no channel within the threshold for their items.
    static let gapCellShare = 0.5

    /// `cells.geojson` is written for districts of up to this many cells (about 300 MB of
    /// GeoJSON); beyond, every cell's figures are in the `cells` layer of `layers.gpkg` (a
    /// third of the size, and QGIS's own format), unless the run asks for it (`--cells-geojson`).
    public static let cellsGeoJSONLimit = 300_000

    /// Whether `cells.geojson` is written for a district of `cells` cells (the rule above).
    static func writesCellsGeoJSON(cells: Int, asked: Bool, limit: Int = cellsGeoJSONLimit) -> Bool {
        asked || cells <= limit
    }

    /// The run's note when `cells.geojson` is left out by the rule, else nil.
    static func cellsGeoJSONNote(cells: Int, written: Bool, limit: Int = cellsGeoJSONLimit) -> String? {
        guard !written else { return nil }
        return "cells.geojson: not written for \(cells) cells (more than \(limit)): every cell's figures are in layers.gpkg "
            + "(layer cells); --cells-geojson writes it too"
    }

    /// Writes the run's files; `summary` makes the run's summary (in the first job, beside the
    /// cells' rows), which is returned.
    static func write(to out: String, inputs: [OutputFolder.Input], scenario: String, district: District, membership: [Int?],
                      summary makeSummary: @escaping @Sendable () throws -> RunSummary, result: TwinResult, cellsGeoJSON: Bool = true,
                      counter: (@Sendable (String, Int, Int) -> Void)? = nil, progress: (String) -> Void = { _ in },
                      threads: Int = 2) throws -> RunSummary {
        let made = Awaited<RunSummary>()
        try OutputFolder.run.write(to: out, inputs: inputs, details: ["scenario: \(scenario)"]) { staging in
            @Sendable func path(_ name: String) -> String { (staging as NSString).appendingPathComponent(name) }
            // Each file is its own job, the largest first, taken by whichever thread is free:
            // separate files, so the bytes do not depend on the threads. Each job's messages are
            // told afterwards, in the jobs' order. The first job makes the summaries, dissolves
            // the gap areas and makes the maps' input, which the later jobs wait for where they
            // need them (the GeoPackage only for its gaps and subdistricts layers, after the
            // cells): a job is taken only after every earlier one, so what it waits for is
            // already being made.
            let shared = Awaited<(gapAreas: [GapArea], maps: MapInput)>()
            var jobs: [@Sendable (MessageLog) throws -> Void] = [{ _ in
                try shared.make {
                    try made.make(makeSummary)
                    let gapAreas = try dissolveGaps(district: district, result: result)
                    return (gapAreas, mapInput(district: district, summary: try made.value(), result: result, gapAreas: gapAreas))
                }
            }]
            if cellsGeoJSON {
                jobs.append { log in
                    try writeCells(path("cells.geojson"), district: district, membership: membership, result: result, counter: counter)
                    log.add("wrote cells.geojson")
                }
            }
            jobs.append { log in
                try RunGeoPackage.write(path(RunGeoPackage.fileName), district: district, membership: membership, result: result,
                                        subdistrictFigures: { try made.value().subdistricts }, gapAreas: { try shared.value().gapAreas },
                                        threads: threads)
                log.add("wrote \(RunGeoPackage.fileName)")
            }
            jobs.append { log in
                try AtomicFile.write(HTMLMap.html(shared.value().maps, leaflet: LeafletAssets.load()), to: path("map.html"))
                log.add("wrote map.html")
            }
            jobs.append { log in
                try AtomicFile.write(SVGMap.svg(shared.value().maps), to: path("map.svg"))
                log.add("wrote map.svg")
            }
            jobs.append { log in
                let gapAreas = try shared.value().gapAreas, summary = try made.value()
                try writeSites(path("sites.geojson"), district: district, result: result)
                try writeGaps(path("gaps.geojson"), gapAreas)
                log.add("wrote sites.geojson and gaps.geojson (\(gapAreas.count) gap areas)")
                try AtomicFile.write(SummaryWriters.json(summary), to: path("summary.json"))
                try AtomicFile.write(SummaryWriters.csv(summary), to: path("summary.csv"))
                try AtomicFile.write(SummaryWriters.markdown(summary, sites: district.sites, siteResults: result.sites), to: path("report.md"))
            }
            let logs = try concurrently(jobs, threads: threads)
            for log in logs { for message in log.all { progress(message) } }
        }
        return try made.value()
    }

    /// Runs the jobs on the available threads, each taken in order by the next free thread;
    /// rethrows the error of the first job (in order) that failed, after all have ended. Returns
    /// each job's messages.
    static func concurrently(_ jobs: [@Sendable (MessageLog) throws -> Void], threads: Int) throws -> [MessageLog] {
        let errors = ErrorSlots()
        let logs = jobs.map { _ in MessageLog() }
        let queue = JobQueue()
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, jobs.count))) { _ in
            while let k = queue.next(below: jobs.count) {
                do { try jobs[k](logs[k]) } catch { errors.set(k, error) }
            }
        }
        if let error = errors.first { throw error }
        return logs
    }

    /// `body` of each of 0..<count on the threads, each index taken once by the next free
    /// thread; the results in index order (the same whatever the threads).
    static func concurrentMap<T>(_ count: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let slots = Slots<T>(count)
        let queue = JobQueue()
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
            while let k = queue.next(below: count) { slots.set(k, body(k)) }
        }
        return slots.values
    }

    /// Colour of minutes to the nearest hall for simplestyle viewers (green near, red far), the
    /// same as in the maps.
    static func colour(minutes: Double?, threshold: Double) -> String {
        MapStyle.hallColour(minutes: minutes, thresholdMinutes: threshold)
    }

    /// The run's gap cell rule (see `gapCellShare`).
    static func isGapCell(_ cell: Cell, _ r: TwinCellResult) -> Bool {
        cell.population > 0 && r.gapPopulation / cell.population >= gapCellShare
    }

    /// The maps' input, made once for both maps (`map.svg`, `map.html`). Leaflet is inlined
    /// from Debian's `libjs-leaflet` when installed; without it the page draws plain SVG (the
    /// run does not fail for want of the package).
    static func mapInput(district: District, summary: RunSummary, result: TwinResult, gapAreas: [GapArea]) -> MapInput {
        MapInput(scenario: summary.scenario, district: district, cellResults: result.cells, siteResults: result.sites,
                 gapCells: zip(district.cells, result.cells).map { isGapCell($0, $1) }, gapAreas: gapAreas,
                 summary: summary, osmAttribution: roadsFromOpenStreetMap(district.roadsPath))
    }

    /// Whether the district's roads are OpenStreetMap data (to be credited): any roads file but
    /// the synthetic grid `twinreach generate` writes.
    static func roadsFromOpenStreetMap(_ path: String?) -> Bool {
        guard let path else { return false }
        guard let handle = FileHandle(forReadingAtPath: path) else { return true }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 512)) ?? Data()
        return !String(decoding: head, as: UTF8.self).contains("generator=\"twinreach generate\"")
    }

    static func writeCells(_ path: String, district: District, membership: [Int?], result: TwinResult,
                           counter: (@Sendable (String, Int, Int) -> Void)? = nil) throws {
        let writer = try GeoJSONWriter(path: path)
        let threshold = district.settings.hallThresholdMinutes
        let total = district.cells.count
        let overload = hasOverload(result)
        for (i, cell) in district.cells.enumerated() {
            if let counter, (i + 1) % 10_000 == 0 || i + 1 == total { counter("cells.geojson (cells written)", i + 1, total) }
            let r = result.cells[i]
            let geometry: GeoJSONGeometry = cell.area.map { .multiPolygon($0) } ?? .point(cell.centroid)
            try writer.write(geometry: geometry, properties: cellProperties(cell, r, subdistrict: membership[i].map { district.subdistricts[$0].id },
                                                                         thresholdMinutes: threshold,
                                                                         overloadColumns: overload) + [
                ("fill", .string(colour(minutes: r.nearestHallMinutes, threshold: threshold))),
                ("fill-opacity", .number(0.6)), ("stroke-width", .number(0)),
            ])
        }
        try writer.finish()
    }

    /// Whether some site is overloaded: then the cells carry the overload columns.
    static func hasOverload(_ result: TwinResult) -> Bool { result.sites.contains { $0.unservedCompletionsPerYear > 0 } }

    /// A cell's figures, as `cells.geojson` and the GeoPackage's `cells` layer write them.
    static func cellProperties(_ cell: Cell, _ r: TwinCellResult, subdistrict: String?, thresholdMinutes: Double,
                               overloadColumns: Bool = false) -> [(String, PropertyValue)] {
        var properties: [(String, PropertyValue)] = []
        properties.reserveCapacity(27)
        forEachCellProperty(cell, r, subdistrict: subdistrict, thresholdMinutes: thresholdMinutes, overloadColumns: overloadColumns) {
            properties.append(($0, $1))
        }
        return properties
    }

    /// `cellProperties` told one by one, in their order (the GeoPackage takes a million cells'
    /// figures without an array per cell). The overload columns are told only when some site
    /// is overloaded, so that a run without overload writes the same bytes as before they existed.
    static func forEachCellProperty(_ cell: Cell, _ r: TwinCellResult, subdistrict: String?, thresholdMinutes: Double,
                                    overloadColumns: Bool, _ body: (String, PropertyValue) -> Void) {
        body("id", .string(cell.id))
        body("subdistrict", subdistrict.map { .string($0) } ?? .null)
        body("pop", .number(cell.population)); body("elderly", .number(cell.elderlyShare)); body("digital", .number(cell.digitalShare))
        body("hall_minutes", r.nearestHallMinutes.map { .number(round3($0)) } ?? .null)
        body("kiosk_minutes", r.nearestKioskMinutes.map { .number(round3($0)) } ?? .null)
        body("covered_hall", .bool(r.coveredHall)); body("covered_kiosk", .bool(r.coveredKiosk))
        body("share_hall", .number(round6(r.shareHall))); body("share_kiosk", .number(round6(r.shareKiosk)))
        body("share_online", .number(round6(r.shareOnline))); body("share_video", .number(round6(r.shareVideo)))
        body("share_unserved", .number(round6(r.unservedShare)))
        body("trips_per_resident_year", .number(round6(r.tripsPerResidentYear)))
        body("travel_minutes_per_resident_year", .number(round6(r.travelMinutesPerResidentYear)))
        body("documents_per_resident_year", .number(round6(r.documentsPerResidentYear)))
        body("days_per_resident_year", .number(round6(r.timeLimitDaysPerResidentYear)))
        body("zero_trip_share", .number(round6(r.zeroTripShare)))
        body("gap_pop", .number(round6(r.gapPopulation))); body("gap_elderly", .number(round6(r.gapElderly)))
        body("gap_not_digital", .number(round6(r.gapNotDigital)))
        body("gap", .bool(isGapCell(cell, r)))
        body("hall_class", .int(MapStyle.hallClass(minutes: r.nearestHallMinutes, thresholdMinutes: thresholdMinutes)))
        guard overloadColumns else { return }
        body("overload_completions", .number(round6(r.overloadUnservedCompletionsPerYear)))
        body("overload_residents", .number(round6(r.overloadResidents)))
        body("overload_gap_pop", .number(round6(r.overloadGapPopulation)))
    }

    static func writeSites(_ path: String, district: District, result: TwinResult) throws {
        let writer = try GeoJSONWriter(path: path)
        for (site, r) in zip(district.sites, result.sites) {
            let colour = MapStyle.siteColour(kind: site.kind, overloaded: r.overloaded)
            try writer.write(geometry: .point(site.location), properties: siteProperties(site, r) + [
                ("marker-color", .string(colour)), ("marker-symbol", .string(site.kind == .hall ? "town-hall" : "mobile-phone")),
            ])
        }
        try writer.finish()
    }

    /// A site's figures, as `sites.geojson` and the GeoPackage's `sites` layer write them.
    static func siteProperties(_ site: Site, _ r: TwinSiteResult) -> [(String, PropertyValue)] {
        [
            ("id", .string(site.id)), ("name", .string(site.name)), ("kind", .string(site.kind.rawValue)),
            ("tier", site.tier.map { .string($0.rawValue) } ?? .null), ("windows", .int(site.windows)),
            ("hours", .string(site.hours.text)), ("open_minutes_per_week", .int(r.openMinutesPerWeek)),
            ("available", .bool(r.available)),
            ("completions_per_year", .number(round3(r.completionsPerYear))),
            ("utilisation", .number(round6(r.utilisation))), ("wait_minutes", .number(round3(r.waitMinutes))),
            ("overloaded", .bool(r.overloaded)),
        ]
    }

    /// Gap cells dissolved (GEOS union) into gap areas, one per connected part, with the gap
    /// population of the cells inside each.
    static func dissolveGaps(district: District, result: TwinResult) throws -> [GapArea] {
        var areas: [MultiPolygon] = []
        var gapCells: [(area: MultiPolygon, gap: Double, elderly: Double, notDigital: Double, population: Double)] = []
        for (i, cell) in district.cells.enumerated() {
            let r = result.cells[i]
            guard isGapCell(cell, r), let area = cell.area else { continue }  // the ring built for gap cells only
            areas.append(area)
            gapCells.append((area, r.gapPopulation, r.gapElderly, r.gapNotDigital, cell.population))
        }
        guard !areas.isEmpty else { return [] }
        let dissolved: MultiPolygon
        do { dissolved = try MultiPolygon.union(of: areas) } catch {
            throw InputError(.internalError, file: "gaps.geojson", .file, "dissolving gap cells failed: \(error)")
        }
        let parts = dissolved.polygons
        var totals = Array(repeating: (gap: 0.0, elderly: 0.0, notDigital: 0.0, population: 0.0, cells: 0), count: parts.count)
        let index = try PolygonIndex(parts)
        for cell in gapCells {
            let centre = RunOutputs.centre(of: cell.area)
            guard let k = try index.firstPolygonCovering(centre) else { continue }
            totals[k].gap += cell.gap; totals[k].elderly += cell.elderly; totals[k].notDigital += cell.notDigital
            totals[k].population += cell.population; totals[k].cells += 1
        }
        return parts.enumerated().map { k, polygon in
            GapArea(area: polygon, cells: totals[k].cells, population: totals[k].population, gapPopulation: totals[k].gap,
                    gapElderly: totals[k].elderly, gapNotDigital: totals[k].notDigital)
        }
    }

    /// `gaps.geojson`: one feature per gap area.
    static func writeGaps(_ path: String, _ areas: [GapArea]) throws {
        let writer = try GeoJSONWriter(path: path)
        for (k, area) in areas.enumerated() {
            try writer.write(geometry: .polygon(area.area), properties: gapProperties(k, area) + [
                ("fill", .string("#d73027")), ("fill-opacity", .number(0.5)), ("stroke", .string("#7f0000")),
            ])
        }
        try writer.finish()
    }

    /// A gap area's figures, as `gaps.geojson` and the GeoPackage's `gaps` layer write them.
    static func gapProperties(_ k: Int, _ area: GapArea) -> [(String, PropertyValue)] {
        [
            ("id", .string("gap-\(k + 1)")), ("cells", .int(area.cells)), ("pop", .number(round3(area.population))),
            ("gap_pop", .number(round3(area.gapPopulation))), ("gap_elderly", .number(round3(area.gapElderly))),
            ("gap_not_digital", .number(round3(area.gapNotDigital))),
        ]
    }

    /// A point inside a cell (the mean of its first ring's corners, fine for convex cells).
    static func centre(of area: MultiPolygon) -> XY {
        guard let ring = area.polygons.first?.exterior, ring.count > 1 else { return XY(0, 0) }
        let corners = ring.dropLast()
        return XY(corners.reduce(0) { $0 + $1.x } / Double(corners.count), corners.reduce(0) { $0 + $1.y } / Double(corners.count))
    }

    static func round3(_ x: Double) -> Double { (x * 1e3).rounded() / 1e3 }
    static func round6(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }
}

/// Messages told from several threads, read back in the order they came.
final class MessageLog: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    @Sendable func add(_ message: String) { lock.lock(); messages.append(message); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return messages }
}

/// The index of the next job to run, handed out once each.
final class JobQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var taken = 0
    func next(below count: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard taken < count else { return nil }
        taken += 1
        return taken - 1
    }
}

/// A value one job makes and later jobs wait for (or the error making it threw).
final class Awaited<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<Value, Error>?

    /// Makes the value and wakes the jobs waiting for it; rethrows what making it threw.
    func make(_ body: () throws -> Value) throws {
        let made = Result { try body() }
        condition.lock()
        result = made
        condition.broadcast()
        condition.unlock()
        _ = try made.get()
    }

    /// The value, once made (waits until then).
    func value() throws -> Value {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result { return try result.get() }
            condition.wait()
        }
    }
}

/// One result slot per index of `concurrentMap`, each set once.
final class Slots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]
    init(_ count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ value: T) { lock.lock(); slots[k] = value; lock.unlock() }
    /// The values, once every slot is set.
    var values: [T] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }
}

/// One error slot per concurrent job.
final class ErrorSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Int: Error] = [:]
    func set(_ k: Int, _ error: Error) { lock.lock(); errors[k] = error; lock.unlock() }
    /// The error of the first job (in job order) that failed.
    var first: Error? { lock.lock(); defer { lock.unlock() }; return errors.keys.min().flatMap { errors[$0] } }
}
