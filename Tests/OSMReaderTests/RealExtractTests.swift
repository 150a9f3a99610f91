import Foundation
import Model
import Testing
import TestSupport
import OSMReader
import Roads

// Counts cross-checked against /work/shared/data/SOURCES.md (pyosmium 4.3.2 figures).

private func kinds(_ points: [OSMServicePoint]) -> [PublicServiceKind: Int] {
    var result: [PublicServiceKind: Int] = [:]
    for p in points { result[p.kind, default: 0] += 1 }
    return result
}

@Suite struct MonacoTests {
    @Test func monaco() throws {
        guard let url = try Paths.sharedFile("data/monaco-2026-07-10.osm.pbf") else { return }
        let data = try OSMFile.read(url)
        #expect(data.counts.nodes == 41_530 && data.counts.ways == 6_212 && data.counts.relations == 348)

        // Every highway way is either a road or counted as unusable: 3,636 in SOURCES.md.
        let roads = data.roadWays(profiles: try RoadProfiles.shipped())
        #expect(Set(roads.ways.map(\.wayID)).count + roads.unusableWayCount == 3_636)
        #expect(roads.missingNodeCount == 0)  // "No highway way is missing any node"

        // 9 quartiers at admin_level 10, all complete; the commune (level 8) is complete too.
        let quartiers = data.administrativeBoundaries(adminLevel: 10)
        #expect(quartiers.map(\.relationID).sorted()
            == [2220206, 2220207, 2221178, 5986436, 5986437, 5986438, 5986473, 5986474, 5986475])
        #expect(quartiers.allSatisfy { $0.isComplete })
        #expect(Set(quartiers.compactMap(\.name)).contains("Ravin de Sainte-Dévote"))
        let commune = data.administrativeBoundaries(adminLevel: 8).first { $0.relationID == 2220322 }
        #expect(commune?.isComplete == true && commune?.name == "Monaco")

        // SOURCES.md: 1,626 objects tagged building = 1,594 ways + 32 relations. One of those
        // relations (13453960, the museum) is type=site, not a footprint, so 31 multipolygons.
        let buildings = data.buildings()
        #expect(buildings.buildings.filter { $0.element == .way }.count == 1_594)
        #expect(buildings.buildings.filter { $0.element == .relation }.count == 31)
        #expect(buildings.skippedWayIDs.isEmpty && buildings.skippedRelationIDs.isEmpty)

        let points = data.servicePoints()
        #expect(kinds(points) == [.townhall: 1, .governmentOffice: 7, .postOffice: 6, .library: 4,
                                  .police: 10, .courthouse: 1, .communityCentre: 1])
        #expect(points.first { $0.kind == .townhall }?.name == "Mairie de Monaco")
        #expect(points.first { $0.kind == .courthouse }?.name == "Palais de Justice")
    }
}

@Suite struct AndorraTests {
    @Test func andorra() throws {
        guard let url = try Paths.sharedFile("data/andorra-2025-01-19.osm.pbf") else { return }
        let data = try OSMFile.read(url)
        #expect(data.counts.nodes == 471_006 && data.counts.ways == 24_607 && data.counts.relations == 614)

        let roads = data.roadWays(profiles: try RoadProfiles.shipped())
        #expect(Set(roads.ways.map(\.wayID)).count + roads.unusableWayCount == 7_763)
        #expect(roads.missingNodeCount == 0)

        // The 7 parishes are complete; the French and Spanish level-7 neighbours are not.
        let level7 = data.administrativeBoundaries(adminLevel: 7)
        let parishes = level7.filter { (2804753...2804759).contains($0.relationID) }
        #expect(parishes.count == 7 && parishes.allSatisfy { $0.isComplete })
        #expect(level7.filter { !(2804753...2804759).contains($0.relationID) }.allSatisfy { !$0.isComplete })
        let country = data.administrativeBoundaries(adminLevel: 2).first { $0.relationID == 9407 }
        #expect(country?.isComplete == true && country?.lines.count == 29)  // "All 29 member ways are present"
        let hospitalet = data.administrativeBoundaries(adminLevel: 8).first { $0.relationID == 1837358 }
        #expect(hospitalet?.isComplete == true)

        // 7,383 buildings: 7,343 ways and 40 relations.
        let buildings = data.buildings()
        #expect(buildings.buildings.filter { $0.element == .way }.count == 7_343)
        #expect(buildings.buildings.filter { $0.element == .relation }.count == 40)

        let points = data.servicePoints()
        #expect(kinds(points) == [.townhall: 8, .governmentOffice: 8, .postOffice: 4, .library: 4,
                                  .police: 8, .courthouse: 2, .communityCentre: 4, .socialFacility: 3])
        // "Comú de La Massana is tagged office=government instead."
        #expect(points.first { $0.name == "Comú de La Massana" }?.kind == .governmentOffice)
    }
}

@Suite struct HelsinkiTests {
    @Test func helsinki() throws {
        guard let url = try Paths.sharedFile("data/Helsinki.osm.pbf") else { return }
        let data = try OSMFile.read(url)
        #expect(data.counts.nodes == 24_260 && data.counts.ways == 5_130 && data.counts.relations == 620)
        let roads = data.roadWays(profiles: try RoadProfiles.shipped())
        #expect(Set(roads.ways.map(\.wayID)).count + roads.unusableWayCount == 2_650)
        // The extract is cut at its bbox: ways lose nodes there and are split, never bridged.
        #expect(roads.missingNodeCount > 0)
        let bbox = (minX: 24.9351762, minY: 60.1641550, maxX: 24.9534145, maxY: 60.1791130)
        let slack = 0.01  // Osmosis keeps nodes a little beyond the bbox
        #expect(roads.ways.allSatisfy { way in
            way.points.allSatisfy { $0.x > bbox.minX - slack && $0.x < bbox.maxX + slack && $0.y > bbox.minY - slack && $0.y < bbox.maxY + slack }
        })

        // helsinki_public_service_pois.geojson (same file, pyosmium) minus the kinds we do not
        // read (clinic 3, fire_station 1): 23 of its 27 points.
        let points = data.servicePoints()
        #expect(kinds(points) == [.governmentOffice: 7, .library: 7, .communityCentre: 3, .postOffice: 2,
                                  .socialFacility: 2, .townhall: 1, .courthouse: 1])
        // Same ids as the GeoJSON for the kinds both read.
        guard let geojsonURL = try Paths.sharedFile("data/helsinki_public_service_pois.geojson") else { return }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: geojsonURL)) as? [String: Any]
        let features = json?["features"] as? [[String: Any]] ?? []
        let theirIDs = Set(features.compactMap { f -> String? in
            let p = f["properties"] as? [String: Any]
            guard let kind = p?["kind"] as? String, kind != "clinic", kind != "fire_station" else { return nil }
            return p?["id"] as? String
        })
        let ourIDs = Set(points.map { "\($0.element.rawValue)/\($0.id)" })
        #expect(ourIDs == theirIDs)
    }
}
