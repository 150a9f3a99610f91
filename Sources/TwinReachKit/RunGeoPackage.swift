import Foundation
import Formats
import GISFiles
import Maps
import Model
import Reporting
import TwinSpace

/// The run's layers as one GeoPackage, `layers.gpkg`, for QGIS: `cells`, `sites`, `gaps` and
/// `subdistricts` (when the district has them), with the attributes of the GeoJSON files (less
/// their simplestyle colours) and QGIS styles in `layer_styles` (the cells graduated by the
/// hall-minutes classes of the maps, a second style by gap share; gap areas hatched). Written
/// always, beside the GeoJSON: planners open it without asking for it, and one file carries the
/// styles that GeoJSON cannot. Beyond `RunOutputs.cellsGeoJSONLimit` cells it is the only
/// file with every cell's figures. The gap areas and the subdistricts' figures are asked for
/// when their layers are written (after the cells: another job makes them meanwhile).
enum RunGeoPackage {
    static let fileName = "layers.gpkg"

    /// GeoPackages record when they were written; a fixed date keeps the same inputs' file
    /// byte-identical (the marker `.twinreach-run` and the run's log tell when it ran).
    static let timestamp = "2000-01-01T00:00:00.000Z"

    /// `threads`: with two or more, the cells' rows go into the file on a second thread while the
    /// next are made (`GeoPackageWriter`'s `insertThread`).
    static func write(_ path: String, district: District, membership: [Int?], result: TwinResult,
                      subdistrictFigures: () throws -> [AreaSummary], gapAreas: () throws -> [GapArea], threads: Int = 1) throws {
        let gpkg = try GeoPackageWriter(path: path, timestamp: timestamp, insertThread: threads > 1)
        let threshold = district.settings.hallThresholdMinutes
        let allAreas = district.cells.allSatisfy(\.hasArea)
        let overload = RunOutputs.hasOverload(result)
        // The cells without an R-tree: building it took twice as long as writing the cells (GDAL
        // on 200,000 cells, 3 s CPU of 4.5); QGIS draws the cells without one.
        try writeCells(gpkg, district: district, membership: membership, result: result, polygons: allAreas, overload: overload)
        try writeLayer(gpkg, "sites", .point, nullable: ["tier": .text], rows: zip(district.sites, result.sites).lazy.map { site, r in
            (GeoPackageGeometry.point(site.location), RunOutputs.siteProperties(site, r))
        })
        let emptyGap = GapArea(area: Polygon(exterior: []), cells: 0, population: 0, gapPopulation: 0, gapElderly: 0, gapNotDigital: 0)
        try writeLayer(gpkg, "gaps", .polygon, nullable: [:], schema: RunOutputs.gapProperties(0, emptyGap),
                       rows: try gapAreas().enumerated().lazy.map { k, area in (GeoPackageGeometry.polygon(area.area), RunOutputs.gapProperties(k, area)) })
        if !district.subdistricts.isEmpty {
            try writeLayer(gpkg, "subdistricts", .multiPolygon, nullable: ["hall_minutes_mean": .real, "hall_minutes_median": .real,
                                                                        "kiosk_minutes_mean": .real, "gini_travel": .real, "theil_travel": .real],
                           rows: zip(district.subdistricts, try subdistrictFigures()).lazy.map { sub, a in
                (GeoPackageGeometry.multiPolygon(sub.area), subdistrictProperties(a))
            })
        }
        for style in styles(thresholdMinutes: threshold, subdistricts: !district.subdistricts.isEmpty) { gpkg.addStyle(style) }
        try gpkg.finish()
    }

    /// The styles QGIS applies on opening (one default per layer) and the cells' gap-share style.
    static func styles(thresholdMinutes: Double, subdistricts: Bool) -> [GeoPackageStyle] {
        var styles = [
            GeoPackageStyle(layer: "cells", name: "hall minutes", qml: QGISStyles.hallMinutes(thresholdMinutes: thresholdMinutes), isDefault: true,
                            description: "minutes to the nearest hall in the maps' classes of the \(GeoJSONWriter.number(thresholdMinutes))-minute threshold"),
            GeoPackageStyle(layer: "cells", name: "gap share", qml: QGISStyles.gapShare(), isDefault: false,
                            description: "share of the cell's residents with a gap (gap_pop / pop); from 50 % a gap cell"),
            GeoPackageStyle(layer: "sites", name: "sites", qml: QGISStyles.sites(), isDefault: true, description: "halls and kiosks"),
            GeoPackageStyle(layer: "gaps", name: "gap areas", qml: QGISStyles.gapAreas(), isDefault: true,
                            description: "gap cells dissolved into areas"),
        ]
        if subdistricts {
            styles.append(GeoPackageStyle(layer: "subdistricts", name: "outlines", qml: QGISStyles.subdistricts(), isDefault: true,
                                          description: "subdistrict outlines"))
        }
        return styles
    }

    /// A subdistrict's figures, named as the columns of `summary.csv`.
    static func subdistrictProperties(_ a: AreaSummary) -> [(String, PropertyValue)] {
        func optional(_ x: Double?) -> PropertyValue { x.map { .number($0) } ?? .null }
        return [
            ("id", .string(a.id)), ("name", .string(a.name)), ("cells", .int(a.cells)), ("population", .number(a.population)),
            ("hall_minutes_mean", optional(a.hall.mean)), ("hall_minutes_median", optional(a.hall.median)),
            ("hall_within_threshold_share", .number(a.hall.shareWithinThreshold)),
            ("hall_unreachable_population", .number(a.hall.unreachablePopulation)),
            ("kiosk_minutes_mean", optional(a.kiosk.mean)), ("kiosk_within_threshold_share", .number(a.kiosk.shareWithinThreshold)),
            ("zero_trip_share", .number(a.zeroTripShare)), ("trips_per_resident_year", .number(a.tripsPerResidentYear)),
            ("travel_minutes_per_resident_year", .number(a.travelMinutesPerResidentYear)),
            ("gap_population", .number(a.gapPopulation)), ("gap_elderly", .number(a.gapElderly)), ("gap_not_digital", .number(a.gapNotDigital)),
            ("gini_travel", optional(a.giniTravel)), ("theil_travel", optional(a.theilTravel)),
        ]
    }

    /// Writes one layer; its columns are those of `schema` (default: the first row), a null's
    /// column taking its kind from `nullable`.
    static func writeLayer<Rows: Sequence>(_ gpkg: GeoPackageWriter, _ name: String, _ type: GeoPackageGeometryType,
                                           nullable: [String: GeoPackageField.Kind], schema: [(String, PropertyValue)]? = nil,
                                           rows: Rows) throws where Rows.Element == (GeoPackageGeometry, [(String, PropertyValue)]) {
        var iterator = rows.makeIterator()
        let first = iterator.next()
        let (layer, names) = try addLayer(gpkg, name, type, columns: schema ?? first?.1 ?? [], nullable: nullable, spatialIndex: true)
        var values: [GeoPackageValue] = []
        values.reserveCapacity(names.count)
        var row = first
        while let (geometry, properties) = row {
            guard properties.elementsEqual(names, by: { $0.0 == $1 }) else { throw differingRow(name) }
            values.removeAll(keepingCapacity: true)
            for (_, property) in properties { values.append(value(property)) }
            try gpkg.write(layer, geometry: geometry, values: values)
            row = iterator.next()
        }
    }

    /// The `cells` layer, without a spatial index: each cell's figures go from
    /// `RunOutputs.forEachCellProperty` into one reused row (no array of properties per cell).
    static func writeCells(_ gpkg: GeoPackageWriter, district: District, membership: [Int?], result: TwinResult,
                           polygons: Bool, overload: Bool) throws {
        let threshold = district.settings.hallThresholdMinutes
        func properties(_ i: Int, _ body: (String, PropertyValue) -> Void) {
            RunOutputs.forEachCellProperty(district.cells[i], result.cells[i], subdistrict: membership[i].map { district.subdistricts[$0].id },
                                           thresholdMinutes: threshold, overloadColumns: overload, body)
        }
        var columns: [(String, PropertyValue)] = []
        if !district.cells.isEmpty { properties(0) { columns.append(($0, $1)) } }
        let (layer, names) = try addLayer(gpkg, "cells", polygons ? .multiPolygon : .point, columns: columns,
                                          nullable: ["subdistrict": .text, "hall_minutes": .real, "kiosk_minutes": .real], spatialIndex: false)
        var values: [GeoPackageValue] = []
        values.reserveCapacity(names.count)
        for i in district.cells.indices {
            values.removeAll(keepingCapacity: true)
            var same = true
            properties(i) { column, property in
                same = same && values.count < names.count && names[values.count] == column
                values.append(value(property))
            }
            guard same, values.count == names.count else { throw differingRow("cells") }
            let cell = district.cells[i]
            try gpkg.write(layer, geometry: polygons ? geometry(of: cell) : .point(cell.centroid), values: values)
        }
    }

    /// A cell's polygon; a grid cell's from its rectangle's corners (the same ring, without building it).
    static func geometry(of cell: Cell) -> GeoPackageGeometry {
        if let (a, b, c, d) = cell.rectangleRing { return .rectangle(a, b, c, d) }
        return .multiPolygon(cell.area ?? MultiPolygon([]))
    }

    /// Adds a layer of these columns (a null's column taking its kind from `nullable`); returns it and the columns' names.
    static func addLayer(_ gpkg: GeoPackageWriter, _ name: String, _ type: GeoPackageGeometryType, columns: [(String, PropertyValue)],
                         nullable: [String: GeoPackageField.Kind], spatialIndex: Bool) throws -> (GeoPackageWriter.Layer, [String]) {
        let fields = try columns.map { column, value in
            guard let kind = kind(of: value) ?? nullable[column] else {
                throw InputError(.internalError, file: fileName, .file, "layer \(name): no column type for \(column)")
            }
            return GeoPackageField(column, kind)
        }
        return (try gpkg.addLayer(name, geometry: type, fields: fields, spatialIndex: spatialIndex), columns.map(\.0))
    }

    static func differingRow(_ layer: String) -> InputError {
        InputError(.internalError, file: fileName, .file, "layer \(layer): a row's columns differ from the first row's")
    }

    static func kind(of value: PropertyValue) -> GeoPackageField.Kind? {
        switch value {
        case .null: nil
        case .bool: .boolean
        case .int: .integer
        case .number: .real
        case .string, .strings: .text
        }
    }

    static func value(_ value: PropertyValue) -> GeoPackageValue {
        switch value {
        case .null: .null
        case .bool(let b): .boolean(b)
        case .int(let n): .integer(n)
        case .number(let x): .real(x)
        case .string(let s): .text(s)
        case .strings(let list): .text(list.joined(separator: ";"))
        }
    }
}
