import Foundation
import Model
import Yams

/// `cross_district`, 跨区通办: residents may use the halls of neighbouring districts (for all
/// items, or only the listed ones).
public struct CrossDistrict: ScenarioChange {
    static let key = "cross_district"
    /// The neighbours' folders, resolved against the scenario file.
    public var districtPaths: [String]
    /// The items the neighbours' halls handle for our residents; nil = every item they handle.
    public var items: [String]?

    static func parse(from body: ChangeBody) throws -> CrossDistrict {
        let m = try body.fields(["with", "items"])
        let paths = try body.optionalStrings(m, "with") ?? []
        var items: [String]? = nil
        if let n = m["items"], n.scalar?.string != "all" { items = try body.doc.strings(n, "items") }
        for (n, p) in paths.enumerated() {
            let resolved = Scenario.resolve(p, against: body.base)
            guard FileManager.default.fileExists(atPath: resolved) else {
                throw InputError(.missingInput, file: body.doc.file, body.doc.line(m["with"]?.sequence?[n] ?? m["with"]),
                                 "cross_district: district folder '\(p)' does not exist")
            }
        }
        return CrossDistrict(districtPaths: paths.map { Scenario.resolve($0, against: body.base) }, items: items)
    }

    func check(against district: District) -> String? {
        items.flatMap(district.unknownItemsProblem)
    }

    /// Adds every hall of each neighbour as `<neighbour name>/<hall id>`, and its road file to
    /// the ones the run joins; a neighbour that does not load is reported and left out.
    func apply(to state: inout ScenarioState) {
        for (n, path) in districtPaths.enumerated() {
            let neighbour: District
            do { neighbour = try state.loadDistrict(path) } catch {
                state.fail("neighbouring district \(path) has problems: \(error)"); continue
            }
            for var hall in neighbour.sites where hall.kind == .hall {
                hall.id = "\(neighbour.settings.name)/\(hall.id)"
                if let items {
                    let capable = state.district.services.filter { hall.handles($0) }.map(\.id)
                    hall.services = capable.filter { items.contains($0) }
                }
                state.district.sites.append(hall)
                state.applied.siteDistrict.append(n + 1)
            }
            if let roads = neighbour.roadsPath { state.applied.neighbourRoads.append(roads) }
        }
        state.applied.crossDistrict = true
        state.log("跨区通办 with \(districtPaths.count) district(s)")
    }
}
