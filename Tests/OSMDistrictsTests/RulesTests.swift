import Foundation
import Geometry
import Model
import Formats
import OSMReader
import Testing
import TestSupport
@testable import OSMDistricts

/// The shipped rules keep what was hard-coded; edited rule files change the results; a bad key
/// is named by file and line.
@Suite struct RulesTests {
    @Test func apportionKeepsTheTotalExactly() {
        // 10 over three equal weights: 33,333.33 units each, the spare unit to the first.
        #expect(PopulationGrid.apportion(total: 10, weights: [1, 1, 1]) == [3.3334, 3.3333, 3.3333])
        // 1 over 2:1 -> 6,666.67 and 3,333.33 units.
        #expect(PopulationGrid.apportion(total: 1, weights: [2, 1]) == [0.6667, 0.3333])
        #expect(PopulationGrid.apportion(total: 5, weights: [0, 0]) == [0, 0])
    }

    @Test func residentialFloorsFollowTheDocumentedRules() throws {
        let rules = try ResidentialRules.shipped()
        func b(_ type: String, _ tags: [String: String] = [:], levels: Double? = nil) -> Double {
            rules.residentialFloors(type: type, levels: levels, tags: tags, footprintSquareMeters: 100)
        }
        #expect(b("apartments") == 4)
        #expect(b("house") == 2)
        #expect(b("yes") == 2)
        #expect(b("yes", levels: 6) == 6)
        #expect(b("yes", ["height": "14 m"]) == 5)       // 14 / 3 = 4.67 -> 5
        #expect(b("commercial", levels: 5) == 0)
        #expect(b("garages") == 0)
        #expect(b("yes", ["shop": "bakery"]) == 0)
        #expect(b("apartments", ["shop": "bakery"]) == 4)  // a named residential type keeps its homes
        #expect(b("house", levels: 0) == 0)
        #expect(rules.residentialFloors(type: "house", levels: nil, tags: [:], footprintSquareMeters: 19.9) == 0)
    }

    @Test func editedResidentialRulesChangeTheFloors() throws {
        let text = ShippedRules.text("residential.yaml").replacingOccurrences(of: "apartments: 4", with: "apartments: 7")
            .replacingOccurrences(of: "meters_per_level: 3", with: "meters_per_level: 2")
        let rules = try ResidentialRules.read(YAMLDocument(text: text, file: "r.yaml"))
        #expect(rules.residentialFloors(type: "apartments", levels: nil, tags: [:], footprintSquareMeters: 100) == 7)
        #expect(rules.residentialFloors(type: "yes", levels: nil, tags: ["height": "14 m"], footprintSquareMeters: 100) == 7)
    }

    @Test func badKeysAreNamedByFileAndLine() throws {
        let residential = ShippedRules.text("residential.yaml") + "\nfloors: 3"
        let line = residential.components(separatedBy: "\n").count
        #expect(throws: InputError(file: "r.yaml", .line(line), "unknown key 'floors' (minimum_footprint_m2, non_residential_types, default_levels_by_type, default_levels, meters_per_level, use_keys)")) {
            try ResidentialRules.read(YAMLDocument(text: residential, file: "r.yaml"))
        }
        let sites = ShippedRules.text("sites.yaml").replacingOccurrences(of: "    tier: community\n", with: "    tier: parish\n")
        let tierLine = (sites.components(separatedBy: "\n").firstIndex(of: "    tier: parish") ?? -2) + 1
        #expect(throws: InputError(file: "s.yaml", .line(tierLine), "unknown tier 'parish' (community, street, district, city)")) {
            try SiteRulesReader.read(YAMLDocument(text: sites, file: "s.yaml"))
        }
        let hours = ShippedRules.text("sites.yaml").replacingOccurrences(of: "hours: kiosk-post", with: "hours: kiosk-postal")
        #expect(throws: InputError.self) { try SiteRulesReader.read(YAMLDocument(text: hours, file: "s.yaml")) }
    }

    @Test func siteRulesFromTheFileOnTheTinyFixture() throws {
        // tiny.osm: a townhall node "Mairie" at (7.0005, 45.0005) and a library building.
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../OSMReaderTests/Fixtures/tiny.osm")
        let data = try OSMFile.read(fixture)
        let square = try PreparedPolygon(MultiPolygon([Polygon(exterior: [XY(6.9, 44.9), XY(7.1, 44.9), XY(7.1, 45.1), XY(6.9, 45.1), XY(6.9, 44.9)])]))
        let shipped = try SiteRules.shipped().extract(from: data, inside: square)
        #expect(shipped.sites.map(\.id) == ["H-n10"])
        #expect(shipped.sites.first?.tier == .district && shipped.sites.first?.windows == 8)
        #expect(shipped.sites.first?.hours.text == "Mo-Fr 09:00-17:00")
        // A file that makes townhalls city halls with 20 windows and other hours.
        let text = ShippedRules.text("sites.yaml")
            .replacingOccurrences(of: "windows_by_tier: {city: 12,", with: "windows_by_tier: {city: 20,")
            .replacingOccurrences(of: "  - name: \"amenity=townhall -> district hall\"\n    match: {amenity: townhall}\n    kind: hall\n    tier: district",
                                  with: "  - name: \"amenity=townhall -> city hall\"\n    match: {amenity: townhall}\n    kind: hall\n    tier: city")
        let own = try SiteRulesReader.read(YAMLDocument(text: text, file: "s.yaml")).extract(from: data, inside: square)
        #expect(own.sites.first?.tier == .city && own.sites.first?.windows == 20)
        #expect(own.byRule.map(\.rule).contains("amenity=townhall -> city hall"))
    }

    @Test func excludedTagsAndNamesLeaveAHallOut() throws {
        // tiny.osm's townhall node is named "Mairie" (amenity=townhall).
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../OSMReaderTests/Fixtures/tiny.osm")
        let data = try OSMFile.read(fixture)
        let square = try PreparedPolygon(MultiPolygon([Polygon(exterior: [XY(6.9, 44.9), XY(7.1, 44.9), XY(7.1, 45.1), XY(6.9, 45.1), XY(6.9, 44.9)])]))
        let townhall = "  - name: \"amenity=townhall -> district hall\"\n    match: {amenity: townhall}\n"
        func sites(_ extra: String) throws -> [String] {
            let text = ShippedRules.text("sites.yaml").replacingOccurrences(of: townhall, with: townhall + extra)
            return try SiteRulesReader.read(YAMLDocument(text: text, file: "s.yaml")).extract(from: data, inside: square).sites.map(\.id)
        }
        #expect(try sites("") == ["H-n10"])
        // A name word matches whatever its case and accents; a word the name lacks keeps it.
        #expect(try sites("    exclude_names: [MAÍRIE]\n") == [])
        #expect(try sites("    exclude_names: [archive, duana]\n") == ["H-n10"])
        #expect(try sites("    exclude_tags: {amenity: [townhall]}\n") == [])
        #expect(try sites("    exclude_tags: {government: [archive]}\n") == ["H-n10"])
        let bad = ShippedRules.text("sites.yaml").replacingOccurrences(of: townhall, with: townhall + "    exclude_names: [\" \"]\n")
        let line = (bad.components(separatedBy: "\n").firstIndex(of: "    exclude_names: [\" \"]") ?? -2) + 1
        #expect(throws: InputError(file: "s.yaml", .line(line), "exclude_names: ' ' is empty and would leave out every name")) {
            try SiteRulesReader.read(YAMLDocument(text: bad, file: "s.yaml"))
        }
    }

    @Test func embeddedTextsEqualTheFilesInProfiles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Profiles")
        for name in ["sites.yaml", "residential.yaml"] {
            let file = try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
            #expect(ShippedRules.text(name) + "\n" == file, "run scripts/embed-profiles.sh")
        }
        _ = try SiteRules.shipped()
        _ = try ResidentialRules.shipped()
    }
}
