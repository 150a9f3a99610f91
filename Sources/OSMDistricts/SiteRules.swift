import Foundation
import Formats
import Geometry
import Model
import Network
import OSMReader

/// Sites of an OSM-built district and what was left out.
public struct SiteExtraction: Sendable {
    public var sites: [Site] = []
    /// Sites made by each rule ("townhall -> district hall", ...), in rule order.
    public var byRule: [(rule: String, count: Int)] = []
    public var outsideBoundary = 0
    public var unnamed = 0
    public var duplicates = 0
    /// Sites whose OSM `opening_hours` was used, and those that got the tier's default hours
    /// because the tag was absent or not parseable.
    public var osmHours = 0
    public var defaultHours = 0
    /// Of those, sites whose `opening_hours` tag did not parse (never "always open" instead).
    public var unparsedHours = 0

    public var lines: [String] {
        var out = ["sites: \(sites.count) (halls: " + Tier.allCases.reversed().map { t in
            "\(t.rawValue) \(sites.filter { $0.kind == .hall && $0.tier == t }.count)"
        }.joined(separator: ", ") + "; kiosks \(sites.filter { $0.kind == .kiosk }.count))"]
        for (rule, count) in byRule { out.append("  \(rule): \(count)") }
        out.append("  left out: \(outsideBoundary) outside the boundary, \(unnamed) unnamed, \(duplicates) duplicates")
        out.append("  hours: \(osmHours) from OSM opening_hours, \(defaultHours) tier defaults"
                   + (unparsedHours > 0 ? " (\(unparsedHours) of them for an opening_hours tag that did not parse)" : ""))
        return out
    }
}

/// Which OpenStreetMap objects become which sites (`osm-district`), as data:
/// `Profiles/sites.yaml` (shipped, embedded) documents the keys; by default townhalls and
/// councils mapped as offices are district halls, the national government's offices city halls,
/// post offices, libraries and community centres community stations, and post offices and
/// supermarkets kiosks. Hours: the object's `opening_hours` when tagged and parseable, else the
/// rule's default.
public struct SiteRules: Sendable, Hashable {
    /// One rule of the file's `rules` list.
    public struct Rule: Sendable, Hashable {
        public enum Location: String, Sendable, Hashable { case point, area }
        public var name: String
        /// Tag key -> values that match; every key must match.
        public var match: [String: Set<String>]
        public var absent: [String]
        /// Tag key -> values that leave an object out (`government: [archive, customs]`).
        public var excludeTags: [String: Set<String>] = [:]
        /// Words that leave an object out when its name contains one (case- and
        /// accent-insensitive): for offices tagged only `office=government`.
        public var excludeNames: [String] = []
        public var namedAfterSubdistrict: Bool?
        public var location: Location
        public var kind: SiteKind
        public var tier: Tier?
        public var hoursKey: String

        func matches(_ tags: OSMTags) -> Bool {
            match.allSatisfy { key, values in tags[key].map(values.contains) ?? false }
                && !absent.contains { tags[$0] != nil }
                && !excludeTags.contains { key, values in tags[key].map(values.contains) ?? false }
                && !excludedByName(tags["name"])
        }

        func excludedByName(_ name: String?) -> Bool {
            guard let name, !excludeNames.isEmpty else { return false }
            return excludeNames.contains { name.range(of: $0, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
        }
    }

    public var windowsByTier: [Tier: Int]
    public var defaultHours: [String: OpeningHours]
    public var duplicateMeters: Double
    /// Tags of a subdistrict's council object (a subdistrict with a named one has its council).
    public var councilTags: [String: Set<String>]
    public var rules: [Rule]

    /// The tag keys the rules read, for the OSM filter.
    public var readKeys: Set<String> {
        Set(rules.flatMap { Array($0.match.keys) + $0.absent + Array($0.excludeTags.keys) } + councilTags.keys)
    }

    /// The shipped rules (`Profiles/sites.yaml`).
    public static func shipped() throws -> SiteRules {
        try ShippedRules.read("sites.yaml", SiteRulesReader.read)
    }

    /// The rules of `path`, or the shipped ones when nil.
    public static func load(path: String?) throws -> SiteRules {
        guard let path else { return try shipped() }
        return try SiteRulesReader.read(YAMLDocument(path: path))
    }

    static func letter(_ e: OSMElementType) -> String {
        switch e { case .node: "n"; case .way: "w"; case .relation: "r" }
    }

    public func extract(from data: OSMData, inside boundary: PreparedPolygon,
                        subdistricts: [(name: String, area: MultiPolygon)] = []) throws -> SiteExtraction {
        var result = SiteExtraction()
        let index = try PolygonIndex(subdistricts.map(\.area))
        var councilIn = Set<Int>()
        let council = Rule(name: "", match: councilTags, absent: [], location: .point, kind: .hall, hoursKey: "")
        for p in data.points(where: council.matches) where !(p.name ?? "").isEmpty {
            if let s = try index.firstPolygonCovering(p.location) { councilIn.insert(s) }
        }
        var taken: [(rule: Int, name: String, at: XY)] = []
        for (r, rule) in rules.enumerated() {
            var count = 0
            for p in try points(of: rule, in: data, index: index, councilIn: councilIn, subdistricts: subdistricts) {
                guard try boundary.covers(p.location) else { result.outsideBoundary += 1; continue }
                guard let name = p.name, !name.isEmpty else { result.unnamed += 1; continue }
                if taken.contains(where: { $0.rule == r && $0.name == name && Geodesy.haversineMeters($0.at, p.location) < duplicateMeters }) {
                    result.duplicates += 1; continue
                }
                taken.append((r, name, p.location))
                result.sites.append(try site(p, name: name, rule: rule, counting: &result))
                count += 1
            }
            result.byRule.append((rule.name, count))
        }
        return result
    }

    /// The site of one point: the tagged hours when they parse, else the rule's default.
    func site(_ p: OSMPoint, name: String, rule: Rule, counting result: inout SiteExtraction) throws -> Site {
        guard var hours = defaultHours[rule.hoursKey] else {
            throw InputError(.internalError, file: "site rules", .file, "no default hours for '\(rule.hoursKey)'")
        }
        if let tagged = p.tags["opening_hours"] {
            do { hours = try OpeningHours(parsing: tagged); result.osmHours += 1 } catch {
                // OSM's full syntax (holidays, months, sunrise) is wider than ours: the
                // tier default is used, and counted so the summary says so.
                result.defaultHours += 1; result.unparsedHours += 1
            }
        } else {
            result.defaultHours += 1
        }
        let prefix = rule.kind == .hall ? "H" : "K"
        return Site(id: "\(prefix)-\(Self.letter(p.element))\(p.id)", name: name, kind: rule.kind, tier: rule.tier,
                    windows: rule.tier.flatMap { windowsByTier[$0] } ?? 1, hours: hours, services: nil,
                    location: XY((p.location.x * 1e7).rounded() / 1e7, (p.location.y * 1e7).rounded() / 1e7))
    }

    /// The objects a rule takes, in file order.
    func points(of rule: Rule, in data: OSMData, index: PolygonIndex, councilIn: Set<Int>,
                subdistricts: [(name: String, area: MultiPolygon)]) throws -> [OSMPoint] {
        let matching = rule.location == .area ? try areaPoints(data, rule.matches) : data.points(where: rule.matches)
        guard let wanted = rule.namedAfterSubdistrict else { return matching }
        return try matching.filter { p in
            var isCouncil = false
            if let s = try index.firstPolygonCovering(p.location), !councilIn.contains(s),
               let name = p.name, name.localizedCaseInsensitiveContains(subdistricts[s].name) {
                isCouncil = true
            }
            return isCouncil == wanted
        }
    }

    /// Matching nodes, closed ways (area centroid) and multipolygons, in file order.
    func areaPoints(_ data: OSMData, _ match: (OSMTags) -> Bool) throws -> [OSMPoint] {
        var points: [OSMPoint] = []
        for node in data.nodes where match(node.tags) {
            points.append(OSMPoint(element: .node, id: node.id, name: node.tags["name"], location: node.location, tags: node.tags))
        }
        for way in data.ways where match(way.tags) {
            guard way.isClosed, let ring = data.completeCoordinates(of: way),
                  let c = try? Polygon(exterior: ring).centroid() else { continue }
            points.append(OSMPoint(element: .way, id: way.id, name: way.tags["name"], location: c, tags: way.tags))
        }
        for relation in data.relations where match(relation.tags) {
            guard let area = data.multipolygon(of: relation), let c = try? area.centroid() else { continue }
            points.append(OSMPoint(element: .relation, id: relation.id, name: relation.tags["name"], location: c, tags: relation.tags))
        }
        return points
    }
}
