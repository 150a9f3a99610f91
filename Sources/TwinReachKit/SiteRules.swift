import Foundation
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

/// Which OpenStreetMap public-service points become which sites (`osm-district`):
///
/// | OSM | site |
/// | --- | --- |
/// | `amenity=townhall` (a parish or district council) | district-tier hall, 8 windows |
/// | `office=government` named after the subdistrict it lies in, where that subdistrict has no named townhall (a council mapped as an office) | district-tier hall, 8 windows |
/// | other `office=government` (the national government and its services) | city-tier hall, 12 windows |
/// | `amenity=post_office`, `library`, `community_centre` | community station (community-tier hall), 2 windows |
/// | `amenity=post_office`, `shop=supermarket` | a kiosk at the same point |
///
/// Police, courthouses and social facilities are not service halls here. Points outside the
/// district boundary and unnamed points are left out; a point with the same rule and name as
/// an earlier one within 200 m (a townhall mapped as a node and as a building) is a duplicate.
/// Hours: the point's `opening_hours` when tagged and parseable, else the tier default
/// (`defaultHours`). Ids: `H-` (hall) or `K-` (kiosk), then `n`/`w`/`r` and the OSM id.
public enum SiteRules {
    public static let windowsByTier: [Tier: Int] = [.city: 12, .district: 8, .street: 4, .community: 2]

    /// Default hours by tier, and for kiosks at post offices (office hours) and supermarkets.
    public static let defaultHours: [String: OpeningHours] = [
        "city": OpeningHours(literal: "Mo-Fr 09:00-17:00"),
        "district": OpeningHours(literal: "Mo-Fr 09:00-17:00"),
        "street": OpeningHours(literal: "Mo-Fr 09:00-17:00"),
        "community": OpeningHours(literal: "Mo-Fr 09:00-13:00,15:00-19:00"),
        "kiosk-post": OpeningHours(literal: "Mo-Fr 09:00-17:00"),
        "kiosk-supermarket": OpeningHours(literal: "Mo-Sa 09:00-20:00"),
    ]

    struct Point {
        var element: OSMElementType
        var id: Int64
        var name: String?
        var location: XY
        var tags: OSMTags
    }

    static func letter(_ e: OSMElementType) -> String {
        switch e { case .node: "n"; case .way: "w"; case .relation: "r" }
    }

    public static func extract(from data: OSMData, inside boundary: PreparedPolygon,
                               subdistricts: [(name: String, area: MultiPolygon)] = []) throws -> SiteExtraction {
        var result = SiteExtraction()
        let service = data.servicePoints().map { Point(element: $0.element, id: $0.id, name: $0.name, location: $0.location, tags: $0.tags) }
        let supermarkets = try supermarketPoints(data)
        let index = try PolygonIndex(subdistricts.map(\.area))
        var townhallIn = Set<Int>()
        for p in service where p.tags["amenity"] == "townhall" && !(p.name ?? "").isEmpty {
            if let s = try index.firstPolygonCovering(p.location) { townhallIn.insert(s) }
        }

        struct Rule { var name: String; var kind: SiteKind; var tier: Tier?; var hoursKey: String; var points: [Point] }
        func amenity(_ values: Set<String>) -> [Point] { service.filter { values.contains($0.tags["amenity"] ?? "") } }
        var district: [Point] = [], city: [Point] = []
        for p in service where p.tags["office"] == "government" && p.tags["amenity"] == nil {
            var isCouncil = false
            if let s = try index.firstPolygonCovering(p.location), !townhallIn.contains(s),
               let name = p.name, name.localizedCaseInsensitiveContains(subdistricts[s].name) {
                isCouncil = true
            }
            if isCouncil { district.append(p) } else { city.append(p) }
        }
        let rules = [
            Rule(name: "office=government (national) -> city hall", kind: .hall, tier: .city, hoursKey: "city", points: city),
            Rule(name: "amenity=townhall -> district hall", kind: .hall, tier: .district, hoursKey: "district", points: amenity(["townhall"])),
            Rule(name: "office=government named after its subdistrict -> district hall", kind: .hall, tier: .district, hoursKey: "district", points: district),
            Rule(name: "post office, library, community centre -> community station", kind: .hall, tier: .community, hoursKey: "community",
                 points: amenity(["post_office", "library", "community_centre"])),
            Rule(name: "post office -> kiosk", kind: .kiosk, tier: nil, hoursKey: "kiosk-post", points: amenity(["post_office"])),
            Rule(name: "shop=supermarket -> kiosk", kind: .kiosk, tier: nil, hoursKey: "kiosk-supermarket", points: supermarkets),
        ]
        var taken: [(rule: Int, name: String, at: XY)] = []
        for (r, rule) in rules.enumerated() {
            var count = 0
            for p in rule.points {
                guard try boundary.covers(p.location) else { result.outsideBoundary += 1; continue }
                guard let name = p.name, !name.isEmpty else { result.unnamed += 1; continue }
                if taken.contains(where: { $0.rule == r && $0.name == name && Geodesy.haversineMeters($0.at, p.location) < 200 }) {
                    result.duplicates += 1; continue
                }
                taken.append((r, name, p.location))
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
                result.sites.append(Site(id: "\(prefix)-\(letter(p.element))\(p.id)", name: name, kind: rule.kind, tier: rule.tier,
                                         windows: rule.tier.flatMap { windowsByTier[$0] } ?? 1, hours: hours, services: nil,
                                         location: XY((p.location.x * 1e7).rounded() / 1e7, (p.location.y * 1e7).rounded() / 1e7)))
                count += 1
            }
            result.byRule.append((rule.name, count))
        }
        return result
    }

    /// `shop=supermarket` nodes, closed ways (area centroid) and multipolygons, in file order.
    static func supermarketPoints(_ data: OSMData) throws -> [Point] {
        var points: [Point] = []
        for node in data.nodes where node.tags["shop"] == "supermarket" {
            points.append(Point(element: .node, id: node.id, name: node.tags["name"], location: node.location, tags: node.tags))
        }
        for way in data.ways where way.tags["shop"] == "supermarket" {
            guard way.isClosed, let ring = data.completeCoordinates(of: way),
                  let c = try? Polygon(exterior: ring).centroid() else { continue }
            points.append(Point(element: .way, id: way.id, name: way.tags["name"], location: c, tags: way.tags))
        }
        for relation in data.relations where relation.tags["shop"] == "supermarket" {
            guard let area = data.multipolygon(of: relation), let c = try? area.centroid() else { continue }
            points.append(Point(element: .relation, id: relation.id, name: relation.tags["name"], location: c, tags: relation.tags))
        }
        return points
    }
}

