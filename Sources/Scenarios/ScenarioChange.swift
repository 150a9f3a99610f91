import Districts
import Foundation
import Formats
import Model
import Yams

/// One kind of scenario change, in one file under `Changes/`: its YAML key, how its body is
/// parsed (its own fields only), how its references are checked against the district as it
/// stands at that change, and how it is applied. A new kind is one such file plus one entry in
/// `ScenarioChanges.all`.
protocol ScenarioChange: Sendable {
    /// The change's key in `scenario.yaml` (`add_site`, `close_site`, ...).
    static var key: String { get }
    /// Parses the body under the key; throws the first malformed field, named by its line.
    static func parse(from body: ChangeBody) throws -> Self
    /// What is wrong with the change's references (site, item, channel, subdistrict) in the
    /// district as it stands, or nil; a change with a problem is reported and skipped.
    func check(against district: District) -> String?
    /// Applies the checked change and appends its line to the log.
    func apply(to state: inout ScenarioState) throws
}

extension ScenarioChange {
    func check(against district: District) -> String? { nil }
}

/// Every change kind, in the order the "unknown change" message lists them.
enum ScenarioChanges {
    static let all: [any ScenarioChange.Type] = [
        AddSite.self, CloseSite.self, ModifySite.self, AddKiosks.self, OnlineChange.self, DigitalAdoption.self,
        GrowPopulation.self, Bundle.self, CrossDistrict.self, Thresholds.self, ModeChange.self, OptimizeStep.self,
        ModifyItem.self,
        AssistedServiceChange.self,
        TimeOfDay.self, Establishments.self,
        Arrivals.self, FailedVisitsByTier.self,
    ]

    static func kind(_ key: String) -> (any ScenarioChange.Type)? { all.first { $0.key == key } }
}

/// One change of a scenario, as parsed (references not yet checked), with the line it came from.
public struct Change: Sendable {
    public var line: Int
    var kind: any ScenarioChange

    public var name: String { type(of: kind).key }
}

/// The body of one change and the parsing helpers its fields share; messages start with the
/// change's key.
struct ChangeBody {
    let doc: YAMLDocument
    let key: String
    let node: Node
    /// The scenario file's folder, against which relative paths resolve.
    let base: URL

    /// The body as a mapping of only `allowed` fields.
    func fields(_ allowed: Set<String>) throws -> Node.Mapping {
        let m = try doc.mapping(node, key)
        for (k, _) in m {
            let name = k.scalar?.string ?? ""
            if !allowed.contains(name) {
                let known = allowed.sorted()
                throw doc.error(k, "\(key): unknown field '\(name)' (known: \(known.joined(separator: ", ")))\(Suggestion.question(for: name, among: known))")
            }
        }
        return m
    }

    func required(_ m: Node.Mapping, _ field: String) throws -> Node {
        guard let value = m[field] else { throw doc.error(node, "\(key) needs '\(field)'") }
        return value
    }

    func hours(_ n: Node) throws -> OpeningHours {
        let text = try doc.string(n, "hours")
        do { return try OpeningHours(parsing: text) } catch { throw doc.error(n, "\(key): bad opening hours: \(error)") }
    }

    func tier(_ n: Node) throws -> Tier {
        let text = try doc.string(n, "tier")
        guard let t = Tier(rawValue: text) else { throw doc.error(n, "\(key): unknown tier '\(text)' (city, district, street or community)") }
        return t
    }

    /// `[longitude, latitude]`.
    func point(_ n: Node) throws -> XY {
        guard let items = n.sequence, items.count == 2 else { throw doc.error(n, "\(key): 'at' must be [longitude, latitude]") }
        let lon = try doc.number(items[0], "longitude", in: -180...180)
        let lat = try doc.number(items[1], "latitude", in: -90...90)
        return XY(lon, lat)
    }

    func string(_ n: Node) throws -> String { try doc.string(n, key) }
    func optionalString(_ m: Node.Mapping, _ field: String) throws -> String? { try m[field].map { try doc.string($0, field) } }
    func optionalStrings(_ m: Node.Mapping, _ field: String) throws -> [String]? { try m[field].map { try doc.strings($0, field) } }
    func optionalNumber(_ m: Node.Mapping, _ field: String, in range: ClosedRange<Double>) throws -> Double? {
        try m[field].map { try doc.number($0, field, in: range) }
    }
    func error(_ n: Node?, _ message: String) -> InputError { doc.error(n, message) }
}

/// The district as the changes leave it, and what the run needs besides it, while the changes
/// are applied in order.
struct ScenarioState {
    var applied: AppliedScenario
    let geo: any GeoServices
    let loadDistrict: (String) throws -> District
    let file: String
    /// The change being applied, for problems found while applying it.
    var line = 0, name = ""
    var problems: [InputError] = []

    var district: District {
        get { applied.district }
        _modify { yield &applied.district }
    }

    mutating func log(_ text: String) { applied.log.append(text) }

    /// A problem of the current change, as `scenario.yaml:LINE: kind: message`.
    mutating func fail(_ message: String) {
        problems.append(InputError(file: file, .line(line), "\(name): \(message)"))
    }
}

extension District {
    /// The ids among `ids` that no item of the catalogue has.
    func unknownItems(_ ids: [String]) -> [String] {
        let known = Set(services.map(\.id))
        return ids.filter { !known.contains($0) }
    }

    /// "unknown service id(s) ..." when some of `ids` are not items, else nil.
    func unknownItemsProblem(_ ids: [String]) -> String? {
        let unknown = unknownItems(ids)
        return unknown.isEmpty ? nil : "unknown service id(s) \(unknown.joined(separator: ", "))"
    }
}
