import CGDAL
import Foundation
import Model

extension VectorLayerReader {
    /// Reads every feature of `layer` in order. A feature GDAL cannot read, whose text is not
    /// UTF-8 or whose coordinates cannot be converted is a problem and left out; a read error
    /// that ends the layer early (a corrupt file) throws with the feature it stopped at.
    static func readFeatures(_ layer: OGRLayerH, into contents: inout VectorLayer, transformation: OwnedTransformation?) throws {
        OGR_L_ResetReading(layer)
        let fields = fieldDefinitions(layer)
        let idField = fields.firstIndex { $0.name == "id" } ?? fields.firstIndex { $0.name.lowercased() == "id" }
        var index = 0
        while true {
            CPLErrorReset()
            guard let raw = OGR_L_GetNextFeature(layer) else {
                if CPLGetLastErrorType().rawValue >= CE_Failure.rawValue {
                    throw InputError(file: contents.file, .feature(index: index, id: nil),
                                     "cannot be read: " + GDALLibrary.lastError(or: "GDAL stopped reading"))
                }
                return
            }
            let feature = OwnedFeature(raw)
            defer { index += 1 }
            let readFailed = CPLGetLastErrorType().rawValue >= CE_Failure.rawValue
            let readMessage = GDALLibrary.lastError(or: "GDAL could not read it")
            let id = idField.flatMap { i in
                (try? value(feature.handle, field: Int32(i), type: fields[i].type, name: fields[i].name)).flatMap(Self.idText)
            }
            do {
                let values = try fields.indices.map { i in (fields[i].name, try value(feature.handle, field: Int32(i), type: fields[i].type, name: fields[i].name)) }
                if readFailed { throw FeatureProblem(message: "cannot be read: \(readMessage)") }
                let geometry = try geometry(of: feature.handle, transformation: transformation, crs: contents.sourceCRS)
                contents.features.append(VectorFeature(index: index, id: id, geometry: geometry, fields: values))
            } catch let problem as FeatureProblem {
                contents.problems.append(InputError(file: contents.file, .feature(index: index, id: id), problem.message))
            }
        }
    }

    struct FeatureProblem: Error { let message: String }

    static func fieldDefinitions(_ layer: OGRLayerH) -> [(name: String, type: OGRFieldType)] {
        guard let definition = OGR_L_GetLayerDefn(layer) else { return [] }
        return (0..<max(0, OGR_FD_GetFieldCount(definition))).map { i in
            let field = OGR_FD_GetFieldDefn(definition, i)
            let name = field.flatMap { OGR_Fld_GetNameRef($0) }.map { String(cString: $0) } ?? "field\(i)"
            return (name, field.map { OGR_Fld_GetType($0) } ?? OFTString)
        }
    }

    /// A field's value; text must be UTF-8 after GDAL's recoding (a Shapefile's .cpg names its
    /// encoding, e.g. GBK; without one its bytes are taken as they are).
    static func value(_ feature: OGRFeatureH, field i: Int32, type: OGRFieldType, name: String) throws -> VectorValue {
        guard OGR_F_IsFieldSetAndNotNull(feature, i) != 0 else { return .null }
        switch type {
        case OFTInteger, OFTInteger64:
            return .integer(OGR_F_GetFieldAsInteger64(feature, i))
        case OFTReal:
            return .real(OGR_F_GetFieldAsDouble(feature, i))
        case OFTIntegerList, OFTInteger64List:
            var count: Int32 = 0
            guard let list = OGR_F_GetFieldAsInteger64List(feature, i, &count) else { return .integers([]) }
            return .integers(Array(UnsafeBufferPointer(start: list, count: Int(max(0, count)))))
        case OFTRealList:
            var count: Int32 = 0
            guard let list = OGR_F_GetFieldAsDoubleList(feature, i, &count) else { return .reals([]) }
            return .reals(Array(UnsafeBufferPointer(start: list, count: Int(max(0, count)))))
        case OFTStringList:
            var texts: [String] = []
            var item = OGR_F_GetFieldAsStringList(feature, i)
            while let entry = item?.pointee {
                texts.append(try utf8(entry, field: name))
                item = item?.advanced(by: 1)
            }
            return .texts(texts)
        default:
            guard let text = OGR_F_GetFieldAsString(feature, i) else { return .null }
            return .text(try utf8(text, field: name))
        }
    }

    static func utf8(_ text: UnsafePointer<CChar>, field: String) throws -> String {
        guard let decoded = String(validatingCString: text) else {
            throw FeatureProblem(message: "field '\(field)' is not UTF-8 text; a Shapefile names its encoding in a .cpg file beside it (e.g. GBK)")
        }
        return decoded
    }

    /// An `id` field as text: integers without a decimal point, as the GeoJSON reader gives them.
    static func idText(_ value: VectorValue) -> String? {
        switch value {
        case .text(let text): text
        case .integer(let n): String(n)
        case .real(let d) where d.isFinite && d == d.rounded() && abs(d) < 1e15: String(Int64(d))
        case .real(let d): "\(d)"
        default: nil
        }
    }

    static func geometry(of feature: OGRFeatureH, transformation: OwnedTransformation?, crs: String?) throws -> VectorGeometry? {
        guard let geometry = OGR_F_GetGeometryRef(feature), OGR_G_IsEmpty(geometry) == 0 else { return nil }
        guard let transformation else { return convert(geometry) }
        CPLErrorReset()
        guard OGR_G_Transform(geometry, transformation.handle) == OGRERR_NONE else {
            throw FeatureProblem(message: "its coordinates cannot be converted from \(crs ?? "its CRS") to WGS 84 ("
                                 + GDALLibrary.lastError(or: "outside the projection's domain") + ")")
        }
        return convert(geometry).mapped(roundedToWGS84Precision)
    }

    /// Converted coordinates rounded to 1e-7 degrees (about 1 cm), the precision the run's
    /// GeoJSON is written at: a projection's last-digit noise (1e-14 degrees) would otherwise
    /// tip ties (a cell centroid halfway between two roads) and give other figures than the
    /// same layer in GeoJSON.
    static func roundedToWGS84Precision(_ p: XY) -> XY {
        guard p.x.isFinite, p.y.isFinite else { return p }
        return XY((p.x * 1e7).rounded() / 1e7, (p.y * 1e7).rounded() / 1e7)
    }

    static func convert(_ geometry: OGRGeometryH) -> VectorGeometry {
        let type = OGR_GT_Flatten(OGR_G_GetGeometryType(geometry))
        switch type {
        case wkbPoint: return .point(XY(OGR_G_GetX(geometry, 0), OGR_G_GetY(geometry, 0)))
        case wkbLineString: return .lineString(positions(geometry))
        case wkbPolygon: return .polygon(polygon(geometry))
        case wkbMultiPolygon:
            return .multiPolygon(MultiPolygon(parts(of: geometry).map(polygon)))
        default: return .other(geoJSONName(type))
        }
    }

    static func parts(of geometry: OGRGeometryH) -> [OGRGeometryH] {
        (0..<max(0, OGR_G_GetGeometryCount(geometry))).compactMap { OGR_G_GetGeometryRef(geometry, $0) }
    }

    /// A polygon with its rings turned as RFC 7946 has them (exterior counterclockwise, holes
    /// clockwise), whatever the format stores (a Shapefile stores the exterior clockwise), so
    /// that a layer gives the same vertex order, hence the same sums, as its GeoJSON original.
    static func polygon(_ geometry: OGRGeometryH) -> Polygon {
        let rings = parts(of: geometry).map(positions)
        let exterior = oriented(rings.first ?? [], counterclockwise: true)
        return Polygon(exterior: exterior, holes: rings.dropFirst().map { oriented($0, counterclockwise: false) })
    }

    static func oriented(_ ring: [XY], counterclockwise: Bool) -> [XY] {
        var twiceArea = 0.0
        for (a, b) in zip(ring, ring.dropFirst()) { twiceArea += a.x * b.y - b.x * a.y }
        return (twiceArea < 0) == counterclockwise ? ring.reversed() : ring
    }

    static func positions(_ geometry: OGRGeometryH) -> [XY] {
        (0..<max(0, OGR_G_GetPointCount(geometry))).map { XY(OGR_G_GetX(geometry, $0), OGR_G_GetY(geometry, $0)) }
    }

    /// The GeoJSON-style name of a type the district layers do not take.
    static func geoJSONName(_ type: OGRwkbGeometryType) -> String {
        switch type {
        case wkbMultiPoint: "MultiPoint"
        case wkbMultiLineString: "MultiLineString"
        case wkbGeometryCollection: "GeometryCollection"
        case wkbCurvePolygon: "CurvePolygon"
        case wkbMultiSurface: "MultiSurface"
        case wkbCircularString: "CircularString"
        case wkbCompoundCurve: "CompoundCurve"
        case wkbMultiCurve: "MultiCurve"
        default: OGRGeometryTypeToName(type).map { String(cString: $0) } ?? "unknown geometry"
        }
    }
}

extension VectorGeometry {
    /// The same geometry with every position passed through `transform`.
    func mapped(_ transform: (XY) -> XY) -> VectorGeometry {
        func ring(_ r: [XY]) -> [XY] { r.map(transform) }
        func polygon(_ p: Polygon) -> Polygon { Polygon(exterior: ring(p.exterior), holes: p.holes.map(ring)) }
        switch self {
        case .point(let p): return .point(transform(p))
        case .lineString(let line): return .lineString(ring(line))
        case .polygon(let p): return .polygon(polygon(p))
        case .multiPolygon(let m): return .multiPolygon(MultiPolygon(m.polygons.map(polygon)))
        case .other: return self
        }
    }
}
