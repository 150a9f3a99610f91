import Foundation
import Formats
import Model
import Yams

/// One 一件事一次办 bundle as written: an entry of `bundles.yaml` or the body of a scenario's
/// `bundle` change (the same keys, `DistrictFormat.keys` under `bundles[]`).
public enum BundleYAML {
    /// Parses the bundle at `node`; unknown keys and bad values are thrown with their lines
    /// (messages start with `prefix`, e.g. "bundle: " in a scenario).
    public static func parse(_ doc: YAMLDocument, _ node: Node, prefix: String = "") throws -> EventBundle {
        var problems: [InputError] = []
        let map = try CheckedMapping(doc, node, file: "bundles.yaml", under: "bundles[]", what: "a bundle", problems: &problems)
        func error(_ n: Node?, _ message: String) -> InputError { doc.error(n, prefix + message) }
        guard let idNode = map["id"] else { throw InputErrors(problems + [error(node, "a bundle needs 'id'")]) }
        let id = try doc.string(idNode, "id")
        guard let rateNode = map["events_per_1000_per_year"] else {
            throw InputErrors(problems + [error(node, "bundle '\(id)' needs 'events_per_1000_per_year' (its own event rate: births, business starts, retirements, deaths per 1,000 residents a year)")])
        }
        guard let itemsNode = map["items"]?.sequence else {
            throw InputErrors(problems + [error(node, "bundle '\(id)' needs 'items', a list of {id, take_up, after}")])
        }
        var members: [EventBundle.Member] = []
        for itemNode in itemsNode {
            do { members.append(try member(doc, itemNode, bundle: id, prefix: prefix, problems: &problems)) } catch let e as InputError { problems.append(e) }
        }
        func flag(_ key: String) throws -> Bool? {
            try map[key].map { n in
                switch n.scalar?.string {
                case "true", "1", "yes": return true
                case "false", "0", "no": return false
                default: throw error(n, "bundle '\(id)': '\(key)' must be true or false")
                }
            }
        }
        var bundle = EventBundle(id: id, name: try map["name"].map { try doc.string($0, "name") } ?? id,
                                 eventsPerThousandPerYear: try doc.number(rateNode, "events_per_1000_per_year", in: 0.000001...1000),
                                 members: members)
        if let n = map["order"] {
            let text = try doc.string(n, "order")
            guard let order = EventBundle.Order(rawValue: text) else { throw error(n, "bundle '\(id)': order '\(text)' is not sequential or parallel") }
            bundle.order = order
        }
        if let n = map["min_tier"] {
            let text = try doc.string(n, "min_tier")
            guard let tier = Tier(rawValue: text) else { throw error(n, "bundle '\(id)': min_tier '\(text)' is not one of community, street, district, city") }
            bundle.minTier = tier
        }
        bundle.hall = try flag("hall"); bundle.kiosk = try flag("kiosk"); bundle.online = try flag("online"); bundle.video = try flag("video")
        bundle.tripsHall = try map["trips_hall"].map { try doc.number($0, "trips_hall", in: 0...100) } ?? 1
        bundle.tripsKiosk = try map["trips_kiosk"].map { try doc.number($0, "trips_kiosk", in: 0...100) }
        bundle.tripsOnline = try map["trips_online"].map { try doc.number($0, "trips_online", in: 0...100) } ?? 0
        bundle.waivedDocuments = try map["waived_documents"].map { try doc.strings($0, "waived_documents") } ?? []
        bundle.timeLimitDays = try map["time_limit_days"].map { try doc.number($0, "time_limit_days", in: 0...3650) }
        if !problems.isEmpty { throw InputErrors(problems) }
        return bundle
    }

    /// One member: `{id: S016, take_up: 0.9, after: [S015]}`, or just its id (take-up 1).
    static func member(_ doc: YAMLDocument, _ node: Node, bundle: String, prefix: String, problems: inout [InputError]) throws -> EventBundle.Member {
        if let id = node.scalar?.string { return EventBundle.Member(item: id) }
        let m = try CheckedMapping(doc, node, file: "bundles.yaml", under: "bundles[].items[]", what: "a bundle's item", problems: &problems)
        guard let idNode = m["id"] else { throw doc.error(node, prefix + "bundle '\(bundle)': an item needs 'id'") }
        return EventBundle.Member(item: try doc.string(idNode, "id"),
                                  takeUp: try m["take_up"].map { try doc.number($0, "take_up", in: 0...1) } ?? 1,
                                  after: try m["after"].map { try doc.strings($0, "after") } ?? [])
    }
}

extension DistrictLoader {
    /// `bundles.yaml`, when the folder has one: its bundles in file order, each with the place
    /// of its entry (for the problems `District.add` finds once the district stands).
    func readBundles() throws -> [(bundle: EventBundle, place: InputError)] {
        let file = path("bundles.yaml")
        guard FileManager.default.fileExists(atPath: file) else { return [] }
        let doc = try YAMLDocument(path: file)
        var local: [InputError] = []
        let map = try CheckedMapping(doc, doc.root, file: "bundles.yaml", under: "", what: "bundles.yaml", problems: &local)
        guard let list = map["bundles"]?.sequence else {
            throw InputErrors(local + [doc.error(doc.root, "expected 'bundles:' with a list of bundles")])
        }
        var bundles: [(bundle: EventBundle, place: InputError)] = []
        for node in list {
            do {
                let bundle = try BundleYAML.parse(doc, node)
                bundles.append((bundle, doc.error(node, "bundle '\(bundle.id)'")))
            } catch let e as InputError { local.append(e) } catch let e as InputErrors { local += e.errors }
        }
        if !local.isEmpty { throw InputErrors(local) }
        return bundles
    }

    /// Adds the bundles to the loaded district in file order; a problem is named by its entry's line.
    func add(_ bundles: [(bundle: EventBundle, place: InputError)], to district: inout District) {
        for (bundle, place) in bundles {
            if let problem = district.add(bundle) {
                problems.append(InputError(file: place.file, place.location, "\(place.message): \(problem)"))
            }
        }
    }
}
