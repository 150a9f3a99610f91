import Foundation
import Formats
import Model

/// Writes a District as a district folder (DESIGN.md "Inputs"), every layer in WGS 84, so that
/// generated and OSM-built samples are ordinary inputs that `check` and `run` read back.
public enum DistrictWriter {
    public static func write(_ district: District, to folder: String, roadsFileName: String? = nil) throws {
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        try AtomicFile.write(settingsYAML(district.settings), to: path("district.yaml"))
        try AtomicFile.write(channelsYAML(district.channels), to: path("channels.yaml"))
        try AtomicFile.write(servicesCSV(district.services), to: path("services.csv"))

        let boundary = try GeoJSONWriter(path: path("boundary.geojson"))
        try boundary.write(geometry: .multiPolygon(district.boundary), properties: [("id", .string("boundary")), ("name", .string(district.settings.name))])
        try boundary.finish()

        let subdistricts = try GeoJSONWriter(path: path("subdistricts.geojson"))
        for s in district.subdistricts {
            var properties: [(String, PropertyValue)] = [("id", .string(s.id)), ("name", .string(s.name))]
            if let pop = s.population { properties.append(("pop", .number(pop))) }
            try subdistricts.write(geometry: .multiPolygon(s.area), properties: properties)
        }
        try subdistricts.finish()

        let population = try GeoJSONWriter(path: path("population.geojson"))
        for c in district.cells {
            let geometry: GeoJSONGeometry = c.area.map { .multiPolygon($0) } ?? .point(c.centroid)
            var properties: [(String, PropertyValue)] = [
                ("id", .string(c.id)), ("pop", .number(rounded(c.population, 4))),
                ("elderly", .number(rounded(c.elderlyShare, 4))), ("digital", .number(rounded(c.digitalShare, 4))),
            ]
            if c.establishments > 0 { properties.append(("establishments", .number(rounded(c.establishments, 4)))) }
            try population.write(geometry: geometry, properties: properties)
        }
        try population.finish()

        let sites = try GeoJSONWriter(path: path("sites.geojson"))
        for s in district.sites {
            var properties: [(String, PropertyValue)] = [("id", .string(s.id)), ("name", .string(s.name)), ("kind", .string(s.kind.rawValue))]
            if let tier = s.tier { properties.append(("tier", .string(tier.rawValue))) }
            properties.append(("windows", .int(s.windows)))
            properties.append(("hours", .string(s.hours.text)))
            if let services = s.services { properties.append(("services", .strings(services))) }
            try sites.write(geometry: .point(s.location), properties: properties)
        }
        try sites.finish()

        if !district.candidates.isEmpty {
            let candidates = try GeoJSONWriter(path: path("candidates.geojson"))
            for c in district.candidates {
                try candidates.write(geometry: .point(c.location), properties: [("id", .string(c.id))])
            }
            try candidates.finish()
        }
    }

    static func rounded(_ value: Double, _ decimals: Int) -> Double {
        let scale = pow(10, Double(decimals))
        return (value * scale).rounded() / scale
    }

    static func quoted(_ text: String) -> String {
        var out = ""
        GeoJSONWriter.appendString(text, to: &out)
        return out
    }

    static func settingsYAML(_ s: DistrictSettings) -> String {
        let n = GeoJSONWriter.number
        let speeds = TravelMode.allCases.compactMap { mode in s.speedsKmh[mode].map { "\(mode.rawValue): \(n($0))" } }
        // Written only when set, so districts without them keep their bytes.
        let twinWeights = s.twinWeightElderly == 1 && s.twinWeightNotDigital == 1 ? ""
            : "twin_weights: {elderly: \(n(s.twinWeightElderly)), not_digital: \(n(s.twinWeightNotDigital))}\n"
        let assisted = s.assisted.map { a in
            "assisted: {hand_in_tiers: [\(a.handInTiers.map(\.rawValue).joined(separator: ", "))], "
                + "front_minutes: \(n(a.frontMinutes)), collection: \(a.collection.rawValue)}\n"
        } ?? ""
        let video = s.videoAccess == .digital ? "" : "video_access: \(s.videoAccess.rawValue)\n"
        return """
        name: \(quoted(s.name))
        crs: \(quoted(s.crs))
        mode: \(s.mode.rawValue)
        speeds_kmh: {\(speeds.joined(separator: ", "))}
        detour_factor: \(n(s.detourFactor))
        max_snap_meters: \(n(s.maxSnapMeters))
        thresholds_minutes: {hall: \(n(s.hallThresholdMinutes)), kiosk: \(n(s.kioskThresholdMinutes))}
        elderly_share: \(n(s.elderlyShare))
        digital_adoption: {adults: \(n(s.digitalAdoptionAdults)), elderly: \(n(s.digitalAdoptionElderly))}
        \(twinWeights)\(assisted)\(video)\(demandYAML(s))
        """
    }

    /// `time_of_day` and `establishments`, written only when set.
    static func demandYAML(_ s: DistrictSettings) -> String {
        var out = ""
        if let t = s.timeOfDay {
            out += "time_of_day: {working_share: \(GeoJSONWriter.number(t.workingShare)), working_hours: \(quoted(t.workingHours.text)), "
                + "elderly_hours: \(quoted(t.elderlyHours.text)), others_hours: \(quoted(t.othersHours.text))}\n"
        }
        if let e = s.establishments {
            out += "establishments: {digital_share: \(GeoJSONWriter.number(e.digitalShare)), hours: \(quoted(e.hours.text))}\n"
        }
        return out
    }

    static func channelsYAML(_ channels: [Channel]) -> String {
        let n = GeoJSONWriter.number
        var out = "channels:\n"
        for c in channels {
            let services: String = switch c.services {
            case .allOnline: "all-online"
            case .list(let ids): "[" + ids.map(quoted).joined(separator: ", ") + "]"
            }
            var fields = ["id: \(quoted(c.id))", "kind: \(c.kind.rawValue)", "hours: \(quoted(c.hours.text))", "services: \(services)"]
            switch c.kind {
            case .online: fields.append("effort_minutes: \(n(c.effortMinutes))")
            case .video: fields += ["agents: \(c.agents)", "handling_minutes: \(n(c.handlingMinutes))", "effort_minutes: \(n(c.effortMinutes))"]
            case .hotline: fields += ["seats: \(c.seats)", "handling_minutes: \(n(c.handlingMinutes))"]
            }
            out += "  - {" + fields.joined(separator: ", ") + "}\n"
        }
        return out
    }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// The catalogue as `services.csv`; the optional reform columns (failed visits, inspection,
    /// proactive) only when some item sets them, so a catalogue without them is written as before.
    static func servicesCSV(_ items: [ServiceItem]) -> String {
        let n = GeoJSONWriter.number
        let reforms = ReformColumn.all.filter { column in items.contains(where: column.used) }
        var out = "id,name,per_1000_per_year,min_tier,hall,kiosk,online,video,trips_hall,trips_kiosk,handling_minutes,trips_online,documents,time_limit_days,consult_per_completion"
        out += reforms.map { "," + $0.column }.joined() + "\n"
        for i in items {
            let flags = [i.hall, i.kiosk, i.online, i.video].map { $0 ? "1" : "0" }
            let fields = [csvField(i.id), csvField(i.name), n(i.perThousandPerYear), i.minTier.rawValue] + flags
                + [n(i.tripsHall), n(i.tripsKiosk), n(i.handlingMinutes), n(i.tripsOnline), n(i.documents),
                   n(i.timeLimitDays), n(i.consultPerCompletion)] + reforms.map { $0.value(i) }
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }
}

/// An optional `services.csv` column (papers by id, the item reforms), written only when some item uses it.
struct ReformColumn: Sendable {
    let column: String
    let value: @Sendable (ServiceItem) -> String
    let used: @Sendable (ServiceItem) -> Bool

    static func number(_ x: Double) -> String { GeoJSONWriter.number(x) }
    static func flag(_ b: Bool) -> String { b ? "1" : "0" }
    static func inspected(_ i: ServiceItem) -> Bool { i.inspectionMinutes != 0 || i.inspectionDays != 0 }

    static let all: [ReformColumn] = [
        ReformColumn(column: "document_ids", value: { DistrictWriter.csvField($0.documentIds.joined(separator: ";")) }, used: { !$0.documentIds.isEmpty }),
        ReformColumn(column: "failed_visit_probability", value: { number($0.failedVisitProbability) }, used: { $0.failedVisitProbability != 0 }),
        ReformColumn(column: "inspection_minutes", value: { number($0.inspectionMinutes) }, used: inspected),
        ReformColumn(column: "inspection_days", value: { number($0.inspectionDays) }, used: inspected),
        ReformColumn(column: "inspection_at_hall", value: { flag($0.inspectionAtHall) }, used: { $0.inspectionAtHall }),
        ReformColumn(column: "proactive", value: { flag($0.proactive) }, used: { $0.proactive }),
        ReformColumn(column: "per_establishment_per_year", value: { number($0.perEstablishmentPerYear) },
                     used: { $0.perEstablishmentPerYear > 0 }),
    ]
}
