import Formats
import Model
import Yams

/// One key of a district file: a YAML key (nested keys dotted, `speeds_kmh.walk`; `channels[]`
/// is one entry of the `channels` list), a CSV column or a GeoJSON feature property.
public struct FormatKey: Sendable, Hashable {
    public let file: String
    public let key: String
    /// A file without it is refused (for a GeoJSON property: every feature needs it).
    public let required: Bool
}

/// Every file, key and column the district loader accepts, in one table. The loader checks
/// YAML keys against it (an unknown key is an error with a "did you mean") and takes the CSV
/// columns from it; `docs/district-format.md` names exactly these keys (its test fails
/// otherwise). A new key is one line here and one row in the reference.
public enum DistrictFormat {
    public static let keys: [FormatKey] = [
        key("district.yaml", "name", required: true),
        key("district.yaml", "crs"),
        key("district.yaml", "mode"),
        key("district.yaml", "speeds_kmh"),
        key("district.yaml", "speeds_kmh.walk"),
        key("district.yaml", "speeds_kmh.bike"),
        key("district.yaml", "speeds_kmh.drive"),
        key("district.yaml", "detour_factor"),
        key("district.yaml", "max_snap_meters"),
        key("district.yaml", "thresholds_minutes"),
        key("district.yaml", "thresholds_minutes.hall"),
        key("district.yaml", "thresholds_minutes.kiosk"),
        key("district.yaml", "elderly_share"),
        key("district.yaml", "digital_adoption"),
        key("district.yaml", "digital_adoption.adults"),
        key("district.yaml", "digital_adoption.elderly"),
        key("district.yaml", "twin_weights"),
        key("district.yaml", "twin_weights.elderly"),
        key("district.yaml", "twin_weights.not_digital"),
        key("district.yaml", "assisted"),
        key("district.yaml", "assisted.hand_in_tiers"),
        key("district.yaml", "assisted.front_minutes"),
        key("district.yaml", "assisted.collection"),
        key("district.yaml", "video_access"),
        key("district.yaml", "road_profile"),
        key("district.yaml", "dem"),
        key("district.yaml", "arrivals"),
        key("district.yaml", "arrivals.hours"),
        key("district.yaml", "arrivals.days"),
        key("district.yaml", "arrivals.appointment_share"),
        key("district.yaml", "time_of_day"),
        key("district.yaml", "time_of_day.working_share"),
        key("district.yaml", "time_of_day.working_hours"),
        key("district.yaml", "time_of_day.elderly_hours"),
        key("district.yaml", "time_of_day.others_hours"),
        key("district.yaml", "establishments"),
        key("district.yaml", "establishments.digital_share"),
        key("district.yaml", "establishments.hours"),
        key("district.yaml", "failed_visit_probability"),
        key("district.yaml", "failed_visit_probability.community"),
        key("district.yaml", "failed_visit_probability.street"),
        key("district.yaml", "failed_visit_probability.district"),
        key("district.yaml", "failed_visit_probability.city"),

        key("channels.yaml", "channels", required: true),
        key("channels.yaml", "channels[].id", required: true),
        key("channels.yaml", "channels[].kind", required: true),
        key("channels.yaml", "channels[].hours"),
        key("channels.yaml", "channels[].services"),
        key("channels.yaml", "channels[].effort_minutes"),
        key("channels.yaml", "channels[].agents"),
        key("channels.yaml", "channels[].seats"),
        key("channels.yaml", "channels[].handling_minutes"),

        key("services.csv", "id", required: true),
        key("services.csv", "name", required: true),
        key("services.csv", "per_1000_per_year", required: true),
        key("services.csv", "min_tier", required: true),
        key("services.csv", "hall", required: true),
        key("services.csv", "kiosk", required: true),
        key("services.csv", "online", required: true),
        key("services.csv", "video", required: true),
        key("services.csv", "trips_hall", required: true),
        key("services.csv", "trips_kiosk", required: true),
        key("services.csv", "handling_minutes", required: true),
        key("services.csv", "trips_online"),
        key("services.csv", "documents"),
        key("services.csv", "time_limit_days"),
        key("services.csv", "consult_per_completion"),
        key("services.csv", "failed_visit_probability"),
        key("services.csv", "inspection_minutes"),
        key("services.csv", "inspection_days"),
        key("services.csv", "inspection_at_hall"),
        key("services.csv", "proactive"),
        key("services.csv", "document_ids"),

        key("bundles.yaml", "bundles", required: true),
        key("bundles.yaml", "bundles[].id", required: true),
        key("bundles.yaml", "bundles[].name"),
        key("bundles.yaml", "bundles[].events_per_1000_per_year", required: true),
        key("bundles.yaml", "bundles[].items", required: true),
        key("bundles.yaml", "bundles[].items[].id", required: true),
        key("bundles.yaml", "bundles[].items[].take_up"),
        key("bundles.yaml", "bundles[].items[].after"),
        key("bundles.yaml", "bundles[].order"),
        key("bundles.yaml", "bundles[].min_tier"),
        key("bundles.yaml", "bundles[].hall"),
        key("bundles.yaml", "bundles[].kiosk"),
        key("bundles.yaml", "bundles[].online"),
        key("bundles.yaml", "bundles[].video"),
        key("bundles.yaml", "bundles[].trips_hall"),
        key("bundles.yaml", "bundles[].trips_kiosk"),
        key("bundles.yaml", "bundles[].trips_online"),
        key("bundles.yaml", "bundles[].waived_documents"),
        key("bundles.yaml", "bundles[].time_limit_days"),
        key("services.csv", "per_establishment_per_year"),

        key("boundary.geojson", "id"),
        key("boundary.geojson", "name"),
        key("boundary.geojson", "pop"),
        key("boundary.geojson", "population"),
        key("subdistricts.geojson", "id"),
        key("subdistricts.geojson", "name"),
        key("subdistricts.geojson", "pop"),
        key("subdistricts.geojson", "population"),

        key("population.geojson", "id", required: true),
        key("population.geojson", "pop", required: true),
        key("population.geojson", "elderly"),
        key("population.geojson", "digital"),
        key("population.geojson", "establishments"),
        key("population.csv", "id", required: true),
        key("population.csv", "lon", required: true),
        key("population.csv", "lat", required: true),
        key("population.csv", "pop", required: true),
        key("population.csv", "elderly"),
        key("population.csv", "digital"),
        key("population.csv", "establishments"),

        key("sites.geojson", "id", required: true),
        key("sites.geojson", "name"),
        key("sites.geojson", "kind", required: true),
        key("sites.geojson", "tier"),
        key("sites.geojson", "windows"),
        key("sites.geojson", "hours"),
        key("sites.geojson", "services"),
        key("sites.geojson", "arrival_hours"),
        key("sites.geojson", "appointment_share"),

        key("candidates.geojson", "id", required: true),

        key("travel_matrix.csv", "origin", required: true),
        key("travel_matrix.csv", "destination", required: true),
        key("travel_matrix.csv", "minutes", required: true),
    ]

    static func key(_ file: String, _ key: String, required: Bool = false) -> FormatKey {
        FormatKey(file: file, key: key, required: required)
    }

    /// Whether the loader accepts `key` (dotted) in `file`.
    public static func accepts(_ file: String, _ key: String) -> Bool {
        keys.contains { $0.file == file && $0.key == key }
    }

    /// The keys directly under `parent` ("" for the top level), in table order.
    public static func children(of parent: String, in file: String) -> [String] {
        let prefix = parent.isEmpty ? "" : parent + "."
        return keys.compactMap { entry in
            guard entry.file == file, entry.key.hasPrefix(prefix) else { return nil }
            let rest = entry.key.dropFirst(prefix.count)
            return rest.contains(".") ? nil : String(rest)
        }
    }

    /// The CSV columns of `file`, required ones first (each group in table order).
    static func columns(_ file: String) -> (required: [String], optional: [String]) {
        let mine = keys.filter { $0.file == file }
        return (mine.filter(\.required).map(\.key), mine.filter { !$0.required }.map(\.key))
    }
}

/// A YAML mapping of a district file whose keys were checked against `DistrictFormat`: every
/// key not in the table is a problem (`file:LINE: unknown key 'X' (did you mean 'Y'?); ...`).
struct CheckedMapping {
    let map: Node.Mapping
    /// The dotted key this mapping sits under ("" for the file's top level).
    let parent: String
    let file: String

    /// Checks the keys of the mapping at `node`; unknown ones are appended to `problems`.
    init(_ doc: YAMLDocument, _ node: Node?, file: String, under parent: String, what: String,
         problems: inout [InputError]) throws {
        map = try doc.mapping(node, what)
        self.parent = parent
        self.file = file
        let known = DistrictFormat.children(of: parent, in: file)
        for (keyNode, _) in map {
            let name = keyNode.scalar?.string ?? ""
            guard !known.contains(name) else { continue }
            let place = parent.isEmpty ? "" : " in \(Self.place(parent))"
            problems.append(doc.error(keyNode, "unknown key '\(name)'\(place)\(Suggestion.phrase(for: name, among: known)); "
                                      + "the keys are \(known.joined(separator: ", ")) (docs/district-format.md)"))
        }
    }

    /// What a nested mapping is, in words: "a channel" for `channels[]`.
    static func place(_ parent: String) -> String {
        switch parent {
        case "channels[]": "a channel"
        case "bundles[]": "a bundle"
        case "bundles[].items[]": "a bundle's item"
        default: parent
        }
    }

    /// The value of a key of the table (a key outside it is a programming error that the
    /// reference test catches).
    subscript(key: String) -> Node? {
        assert(DistrictFormat.accepts(file, parent.isEmpty ? key : parent + "." + key), "\(file): '\(key)' is not in DistrictFormat.keys")
        return map[key]
    }

    /// Every key and value, in file order.
    var entries: [(key: Node, value: Node)] { map.map { ($0.key, $0.value) } }
}
