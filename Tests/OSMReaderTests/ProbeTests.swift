import Testing
import Foundation
@testable import OSMReader
import TestSupport

@Test func probe() throws {
    guard let url = try Paths.sharedFile("data/monaco-2026-07-10.osm.pbf") else { return }
    let data = try OSMFile.read(url)
    for r in data.relations where r.tags["building"] != nil && (r.tags["type"] != "multipolygon" || r.id == 5197022) {
        print(r.id, r.tags, r.members.map { "\($0.type) \($0.ref) \($0.role) \(data.way($0.ref).map { "\($0.nodeIDs.first!)..\($0.nodeIDs.last!) n=\($0.nodeIDs.count)" } ?? "missing")" })
    }
}
