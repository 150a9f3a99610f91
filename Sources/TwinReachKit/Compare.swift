import Foundation
import Formats
import Model
import Reporting

/// `twinreach compare`: two run folders side by side.
public enum CompareCommand {
    /// One figure of the summary: label, path into summary.json and unit (how it is shown).
    static let figures: [(label: String, path: [String], unit: CompareUnit)] = [
        ("residents", ["summary", "population"], .residents),
        ("in-person trips per resident-year", ["summary", "trips_per_resident_year"], .perResidentYear),
        ("documents per resident-year", ["summary", "documents_per_resident_year"], .perResidentYear),
        ("travel minutes per resident-year", ["summary", "travel_minutes_per_resident_year"], .perResidentYear),
        ("promised days per resident-year", ["summary", "time_limit_days_per_resident_year"], .perResidentYear),
        ("zero-trip share", ["summary", "zero_trip_share"], .share),
        ("share online", ["summary", "channel_shares", "online"], .share),
        ("share at halls", ["summary", "channel_shares", "hall"], .share),
        ("share handed in (assisted)", ["summary", "channel_shares", "assisted"], .share),
        ("minutes to nearest hall (mean)", ["summary", "minutes_to_nearest_hall", "mean"], .minutes),
        ("residents within the hall threshold (share)", ["summary", "minutes_to_nearest_hall", "share_within_threshold"], .share),
        ("residents within the kiosk threshold (share)", ["summary", "minutes_to_nearest_kiosk", "share_within_threshold"], .share),
        ("gap population", ["summary", "gap_population", "total"], .residents),
        ("gap population, elderly", ["summary", "gap_population", "elderly"], .residents),
        ("gap population, not digital", ["summary", "gap_population", "not_digital"], .residents),
        ("hall utilisation (mean)", ["halls", "mean_utilisation"], .share),
        ("hall utilisation (max)", ["halls", "max_utilisation"], .share),
        ("hall wait minutes (mean)", ["halls", "mean_wait_minutes"], .minutes),
        ("hall wait minutes (max)", ["halls", "max_wait_minutes"], .minutes),
        ("hall wait minutes in the busiest hour (max)", ["halls", "max_peak_wait_minutes"], .minutes),
        ("completions overloaded sites cannot serve", ["overload", "unserved_completions_per_year"], .residents),
        ("gap population from overload (in the gap population)", ["overload", "gap_population"], .residents),
        ("online completions per year", ["channel_queues", "online", "completions_per_year"], .residents),
        ("video completions per year", ["channel_queues", "video", "completions_per_year"], .residents),
        ("video utilisation", ["channel_queues", "video", "utilisation"], .share),
        ("video wait minutes", ["channel_queues", "video", "wait_minutes"], .minutes),
        ("hotline consultations per year", ["channel_queues", "hotline", "consultations_per_year"], .residents),
        ("hotline utilisation", ["channel_queues", "hotline", "utilisation"], .share),
        ("hotline wait minutes", ["channel_queues", "hotline", "wait_minutes"], .minutes),
        ("hotline calls answered (share)", ["channel_queues", "hotline", "answer_rate"], .share),
        ("travel burden Gini", ["summary", "equity", "gini_travel"], .index),
        ("site-inspection staff minutes per year", ["summary", "inspection_staff_minutes_per_year"], .residents),
    ]

    public struct Result: Sendable {
        public var markdown: String
        public var outPath: String
        public var gapsOpened: Int
        public var gapsClosed: Int
    }

    public static func run(runA: String, runB: String, out: String?) throws -> Result {
        let a = try JSONValue.read(path: (runA as NSString).appendingPathComponent("summary.json"))
        let b = try JSONValue.read(path: (runB as NSString).appendingPathComponent("summary.json"))
        let nameA = a["scenario"]?.string ?? URL(fileURLWithPath: runA).lastPathComponent
        let nameB = b["scenario"]?.string ?? URL(fileURLWithPath: runB).lastPathComponent
        func value(_ root: JSONValue, _ path: [String]) -> Double? {
            var node: JSONValue? = root
            for key in path { node = node?[key] }
            return node?.number
        }
        func n(_ x: Double?) -> String { x.map { GeoJSONWriter.number(($0 * 1e4).rounded() / 1e4) } ?? "" }
        var md = "# \(escape(nameA)) → \(escape(nameB))\n\n| figure | \(escape(nameA)) | \(escape(nameB)) | change | change % |\n| --- | ---: | ---: | ---: | ---: |\n"
        var csv = "figure,a,b,delta,relative_delta\n"
        for (label, path, unit) in figures {
            let x = value(a, path), y = value(b, path)
            let delta = x.flatMap { x in y.map { $0 - x } }
            let relative = unit.relative(from: x, to: y).map { $0 / 100 }
            md += "| \(label) | \(unit.value(x)) | \(unit.value(y)) | \(unit.change(from: x, to: y)) | \(unit.relativeText(from: x, to: y)) |\n"
            csv += "\(csvLabel(label)),\(n(x)),\(n(y)),\(n(delta)),\(n(relative))\n"
        }
        md += "\nChanges are in each figure's unit (shares in percentage points, pp); a relative change is shown only from a base of 100 residents, 1 minute or 0.01 per resident-year, and never for shares and the Gini index.\n"
        md += CompareBundles.section(a, b, csv: &csv)

        // Cells whose gap opened or closed.
        var problems: [InputError] = []
        let cellsA = try cellFeatures(ofRun: runA, problems: &problems)
        let cellsB = try cellFeatures(ofRun: runB, problems: &problems)
        if !problems.isEmpty { throw InputErrors(problems) }
        var gapA: [String: Bool] = [:]
        for f in cellsA { if let id = f.id { gapA[id] = isGapCell(f) } }
        let outPath = out ?? URL(fileURLWithPath: runB).deletingLastPathComponent()
            .appendingPathComponent("compare-\(safe(nameA))-vs-\(safe(nameB))").path
        let inputs: [OutputFolder.Input] = [("the run folder", runA), ("the run folder", runB)]
        try OutputFolder.compare.prepare(outPath, inputs: inputs)
        var opened = 0, closed = 0
        try OutputFolder.compare.write(to: outPath, inputs: inputs) { staging in
            let changes = try GeoJSONWriter(path: (staging as NSString).appendingPathComponent("gap_changes.geojson"))
            for f in cellsB {
                guard let id = f.id, let before = gapA[id] else { continue }
                let after = isGapCell(f)
                guard before != after else { continue }
                if after { opened += 1 } else { closed += 1 }
                try changes.write(geometry: f.geometry, properties: [
                    ("id", .string(id)), ("change", .string(after ? "opened" : "closed")),
                    ("gap_pop", f.properties["gap_pop"]?.number.map { .number($0) } ?? .null),
                    ("fill", .string(after ? "#d73027" : "#1a9850")), ("fill-opacity", .number(0.6)),
                ])
            }
            try changes.finish()
            md += "\nGap cells opened: \(opened); closed: \(closed) (`gap_changes.geojson`).\n"

            // Halls whose load or wait changed most.
            let sitesA = try GeoJSONReader.read(path: (runA as NSString).appendingPathComponent("sites.geojson"), problems: &problems)
            let sitesB = try GeoJSONReader.read(path: (runB as NSString).appendingPathComponent("sites.geojson"), problems: &problems)
            var before: [String: (load: Double, wait: Double, name: String)] = [:]
            for f in sitesA where f.properties["kind"]?.string == "hall" {
                if let id = f.id {
                    before[id] = (f.properties["completions_per_year"]?.number ?? 0, f.properties["wait_minutes"]?.number ?? 0,
                                  f.properties["name"]?.string ?? id)
                }
            }
            var rows: [(id: String, name: String, a: Double?, b: Double?, waitA: Double?, waitB: Double?)] = []
            var seen = Set<String>()
            for f in sitesB where f.properties["kind"]?.string == "hall" {
                guard let id = f.id else { continue }
                seen.insert(id)
                let old = before[id]
                rows.append((id, f.properties["name"]?.string ?? id, old?.load, f.properties["completions_per_year"]?.number ?? 0,
                             old?.wait, f.properties["wait_minutes"]?.number ?? 0))
            }
            for (id, old) in before where !seen.contains(id) { rows.append((id, old.name, old.load, nil, old.wait, nil)) }
            rows.sort {
                let d0 = abs(($0.b ?? 0) - ($0.a ?? 0)), d1 = abs(($1.b ?? 0) - ($1.a ?? 0))
                return d0 > d1 || (d0 == d1 && $0.id < $1.id)
            }
            md += "\n## Halls whose load changed most\n\n| hall | completions / yr before | after | wait before (min) | after |\n| --- | ---: | ---: | ---: | ---: |\n"
            for r in rows.prefix(10) {
                md += "| \(escape(r.name)) (\(escape(r.id))) | \(r.a.map { n($0) } ?? "new") | \(r.b.map { n($0) } ?? "closed") | \(CompareUnit.minutes.value(r.waitA)) | \(CompareUnit.minutes.value(r.waitB)) |\n"
            }
            try AtomicFile.write(md, to: (staging as NSString).appendingPathComponent("compare.md"))
            try AtomicFile.write(csv, to: (staging as NSString).appendingPathComponent("compare.csv"))
        }
        return Result(markdown: md, outPath: outPath, gapsOpened: opened, gapsClosed: closed)
    }

    /// Names from the runs shown as themselves (no Markdown, no links).
    /// A run's cells: `cells.geojson`, or the `cells` layer of `layers.gpkg` where the run left
    /// the GeoJSON out (a district beyond `RunOutputs.cellsGeoJSONLimit` cells).
    static func cellFeatures(ofRun run: String, problems: inout [InputError]) throws -> [GeoJSONFeature] {
        let geojson = (run as NSString).appendingPathComponent("cells.geojson")
        let package = (run as NSString).appendingPathComponent(RunGeoPackage.fileName)
        guard !FileManager.default.fileExists(atPath: geojson), FileManager.default.fileExists(atPath: package) else {
            return try GeoJSONReader.read(path: geojson, problems: &problems)
        }
        let layer = try LibraryGeoServices().readLayer(path: package, layer: "cells")
        problems += layer.problems
        return layer.features
    }

    /// The `gap` flag of a cell: true in GeoJSON, 1 in the GeoPackage's boolean column.
    static func isGapCell(_ f: GeoJSONFeature) -> Bool {
        f.properties["gap"] == .bool(true) || f.properties["gap"] == .number(1)
    }

    static func escape(_ text: String) -> String { MarkdownText.escape(text) }

    /// A figure's label as a compare.csv field (its commas as semicolons).
    static func csvLabel(_ label: String) -> String { label.replacingOccurrences(of: ",", with: ";") }

    static func safe(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}
