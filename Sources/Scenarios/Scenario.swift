import Foundation
import Formats
import Model
import Yams

/// A scenario file (DESIGN.md "Scenarios"): a name, a base district and changes applied in order.
public struct Scenario: Sendable {
    public var path: String
    public var name: String
    /// The district folder, resolved relative to the scenario file.
    public var districtPath: String
    public var changes: [Change]
    /// Changes that could not be parsed; `ScenarioApplier.apply` reports them together with
    /// the bad references of the others.
    public var problems: [InputError]

    /// Parses the file. A malformed head throws; malformed changes are kept in `problems`.
    public init(path: String) throws {
        self.path = path
        let doc = try YAMLDocument(path: path)
        let map = try doc.mapping(doc.root, "a scenario")
        guard let nameNode = map["name"] else { throw doc.error(doc.root, "missing 'name'") }
        name = try doc.string(nameNode, "name")
        if let problem = Scenario.folderNameProblem(name) {
            let key = map.first { $0.key.scalar?.string == "name" }?.key
            throw doc.error(key ?? nameNode, "name '\(Scenario.printable(name))' \(problem): the name becomes the output folder out/<name>")
        }
        guard let districtNode = map["district"] else {
            throw doc.error(doc.root, "missing 'district' (the district folder, relative to this file)")
        }
        let relative = try doc.string(districtNode, "district")
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        districtPath = Scenario.resolve(relative, against: base)
        guard FileManager.default.fileExists(atPath: districtPath) else {
            throw InputError(.missingInput, file: path, doc.line(districtNode), "district folder '\(relative)' does not exist")
        }
        var problems: [InputError] = []
        var parsed: [Change] = []
        if let changesNode = map["changes"], changesNode.scalar == nil || !["", "~", "null"].contains(changesNode.scalar?.string ?? "") {
            guard let list = changesNode.sequence else { throw doc.error(changesNode, "'changes' must be a list") }
            let parser = ChangeParser(doc: doc, base: base)
            for node in list {
                do { parsed.append(try parser.parse(node)) } catch let error as InputError { problems.append(error) }
            }
        }
        self.problems = problems
        changes = parsed
    }

    /// Why a name cannot be a folder name, or nil: empty, longer than 255 bytes, a path
    /// separator (`/` or `\`), a leading dot (`.`, `..` and hidden folders, which runs use for
    /// staging), or a control character.
    static func folderNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name.utf8.count > 255 { return "is longer than 255 bytes" }
        if name.contains("/") || name.contains("\\") { return "holds a path separator ('/' or '\\')" }
        if name.hasPrefix(".") { return "starts with a dot" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return "holds a control character" }
        return nil
    }

    /// The name with control characters shown as `\u{...}`, for messages.
    static func printable(_ name: String) -> String {
        name.unicodeScalars.map { $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
    }

    static func resolve(_ relative: String, against base: URL) -> String {
        relative.hasPrefix("/") ? relative : base.appendingPathComponent(relative).standardizedFileURL.path
    }
}

/// Turns one YAML change into a `Change`, checking its own fields (references are checked when
/// the change is applied).
struct ChangeParser {
    let doc: YAMLDocument
    let base: URL

    func parse(_ node: Node) throws -> Change {
        let line = node.mark?.line ?? 0
        guard let map = node.mapping, map.count == 1, let (keyNode, body) = map.first.map({ ($0.key, $0.value) }),
              let key = keyNode.scalar?.string else {
            if let text = node.scalar?.string { throw doc.error(node, "a change must be 'kind: {...}', not '\(text)'") }
            throw doc.error(node, "a change must be one 'kind: {...}' mapping")
        }
        func fields(_ allowed: Set<String>) throws -> Node.Mapping {
            let m = try doc.mapping(body, key)
            for (k, _) in m {
                let name = k.scalar?.string ?? ""
                if !allowed.contains(name) {
                    throw doc.error(k, "\(key): unknown field '\(name)' (known: \(allowed.sorted().joined(separator: ", ")))")
                }
            }
            return m
        }
        func required(_ m: Node.Mapping, _ field: String) throws -> Node {
            guard let value = m[field] else { throw doc.error(body, "\(key) needs '\(field)'") }
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
        func point(_ n: Node) throws -> XY {
            guard let items = n.sequence, items.count == 2 else { throw doc.error(n, "\(key): 'at' must be [longitude, latitude]") }
            let lon = try doc.number(items[0], "longitude", in: -180...180)
            let lat = try doc.number(items[1], "latitude", in: -90...90)
            return XY(lon, lat)
        }
        let kind: Change.Kind
        switch key {
        case "add_site":
            let m = try fields(["id", "name", "kind", "tier", "windows", "hours", "at", "services"])
            let id = try doc.string(try required(m, "id"), "id")
            let siteKind = try m["kind"].map { n -> SiteKind in
                let t = try doc.string(n, "kind")
                guard let k = SiteKind(rawValue: t) else { throw doc.error(n, "add_site: unknown kind '\(t)' (hall or kiosk)") }
                return k
            } ?? .hall
            let siteTier = try m["tier"].map(tier)
            if siteKind == .hall && siteTier == nil { throw doc.error(body, "add_site \(id): a hall needs a tier") }
            let windows = try m["windows"].map { try doc.integer($0, "windows", minimum: 1, maximum: InputLimits.windows.upperBound) } ?? (siteKind == .hall ? 1 : 1)
            let site = Site(id: id, name: try m["name"].map { try doc.string($0, "name") } ?? id, kind: siteKind, tier: siteTier,
                            windows: windows, hours: try m["hours"].map(hours) ?? .alwaysOpen,
                            services: try m["services"].map { try doc.strings($0, "services") },
                            location: try point(try required(m, "at")))
            kind = .addSite(site)
        case "close_site":
            if let id = body.scalar?.string { kind = .closeSite(id: id) } else {
                let m = try fields(["id"])
                kind = .closeSite(id: try doc.string(try required(m, "id"), "id"))
            }
        case "modify_site":
            let m = try fields(["id", "windows", "hours", "tier", "name", "services", "add_services", "remove_services"])
            kind = .modifySite(ModifySite(
                id: try doc.string(try required(m, "id"), "id"),
                windows: try m["windows"].map { try doc.integer($0, "windows", minimum: 1, maximum: InputLimits.windows.upperBound) },
                hours: try m["hours"].map(hours), tier: try m["tier"].map(tier),
                name: try m["name"].map { try doc.string($0, "name") },
                services: try m["services"].map { try doc.strings($0, "services") },
                addServices: try m["add_services"].map { try doc.strings($0, "add_services") } ?? [],
                removeServices: try m["remove_services"].map { try doc.strings($0, "remove_services") } ?? []))
        case "add_kiosks":
            let m = try fields(["prefix", "at", "hours", "services", "name"])
            guard let points = m["at"]?.sequence, !points.isEmpty else { throw doc.error(body, "add_kiosks needs 'at': a list of [longitude, latitude]") }
            let prefix = try m["prefix"].map { try doc.string($0, "prefix") } ?? "K-new-"
            let h = try m["hours"].map(hours) ?? .alwaysOpen
            let services = try m["services"].map { try doc.strings($0, "services") }
            let name = try m["name"].map { try doc.string($0, "name") } ?? "Kiosk"
            kind = .addKiosks(try points.enumerated().map { n, p in
                Site(id: "\(prefix)\(n + 1)", name: "\(name) \(n + 1)", kind: .kiosk, tier: nil, windows: 1, hours: h,
                     services: services, location: try point(p))
            })
        case "online":
            let m = try fields(["channel", "add_services", "remove_services", "hours", "agents", "seats", "effort_minutes"])
            kind = .online(OnlineChange(
                channel: try doc.string(try required(m, "channel"), "channel"),
                addServices: try m["add_services"].map { try doc.strings($0, "add_services") } ?? [],
                removeServices: try m["remove_services"].map { try doc.strings($0, "remove_services") } ?? [],
                hours: try m["hours"].map(hours),
                agents: try m["agents"].map { try doc.integer($0, "agents", minimum: 1, maximum: InputLimits.channelStaff.upperBound) },
                seats: try m["seats"].map { try doc.integer($0, "seats", minimum: 1, maximum: InputLimits.channelStaff.upperBound) },
                effortMinutes: try m["effort_minutes"].map { try doc.number($0, "effort_minutes", in: 0...1440) }))
        case "digital_adoption":
            let m = try fields(["group", "set", "add"])
            let groupNode = try required(m, "group")
            let text = try doc.string(groupNode, "group")
            guard let group = AdoptionGroup(rawValue: text) else { throw doc.error(groupNode, "digital_adoption: unknown group '\(text)' (adults, elderly or all)") }
            let set = try m["set"].map { try doc.number($0, "set", in: 0...1) }
            let add = try m["add"].map { try doc.number($0, "add", in: -1...1) }
            guard (set == nil) != (add == nil) else { throw doc.error(body, "digital_adoption needs exactly one of 'set' or 'add'") }
            kind = .digitalAdoption(group: group, set: set, add: add)
        case "grow_population":
            let m = try fields(["factor", "subdistrict", "polygon"])
            let factor = try doc.number(try required(m, "factor"), "factor", in: 0...1000)
            var area = GrowthArea.everywhere
            if let s = m["subdistrict"] { area = .subdistrict(try doc.string(s, "subdistrict")) }
            if let p = m["polygon"] {
                guard let ring = p.sequence, ring.count >= 4 else { throw doc.error(p, "grow_population: 'polygon' must be a closed ring of at least 4 [lon, lat] points") }
                let points = try ring.map(point)
                guard points.first == points.last else { throw doc.error(p, "grow_population: 'polygon' is not closed (first point differs from the last)") }
                area = .polygon(Polygon(exterior: points))
            }
            kind = .growPopulation(factor: factor, area: area)
        case "bundle":
            let m = try fields(["id", "name", "items", "trips_hall", "trips_kiosk", "trips_online", "documents", "time_limit_days", "hall", "kiosk", "online", "video"])
            let items = try doc.strings(try required(m, "items"), "items")
            guard items.count >= 2 else { throw doc.error(body, "bundle needs at least two items") }
            func flag(_ f: String) throws -> Bool? {
                try m[f].map { n in
                    guard let b = n.scalar.flatMap({ Bool($0.string) ?? ($0.string == "1" ? true : $0.string == "0" ? false : nil) }) else {
                        throw doc.error(n, "bundle: '\(f)' must be true or false")
                    }
                    return b
                }
            }
            kind = .bundle(Bundle(
                id: try doc.string(try required(m, "id"), "id"),
                name: try m["name"].map { try doc.string($0, "name") } ?? "bundle", items: items,
                tripsHall: try doc.number(try required(m, "trips_hall"), "trips_hall", in: 0...100),
                tripsKiosk: try m["trips_kiosk"].map { try doc.number($0, "trips_kiosk", in: 0...100) },
                tripsOnline: try m["trips_online"].map { try doc.number($0, "trips_online", in: 0...100) },
                documents: try m["documents"].map { try doc.number($0, "documents", in: 0...1000) },
                timeLimitDays: try m["time_limit_days"].map { try doc.number($0, "time_limit_days", in: 0...3650) },
                hall: try flag("hall"), kiosk: try flag("kiosk"), online: try flag("online"), video: try flag("video")))
        case "cross_district":
            let m = try fields(["with", "items"])
            let paths = try m["with"].map { try doc.strings($0, "with") } ?? []
            var items: [String]? = nil
            if let n = m["items"], n.scalar?.string != "all" { items = try doc.strings(n, "items") }
            for (n, p) in paths.enumerated() {
                let resolved = Scenario.resolve(p, against: base)
                guard FileManager.default.fileExists(atPath: resolved) else {
                    throw InputError(.missingInput, file: doc.file, doc.line(m["with"]?.sequence?[n] ?? m["with"]), "cross_district: district folder '\(p)' does not exist")
                }
            }
            kind = .crossDistrict(districtPaths: paths.map { Scenario.resolve($0, against: base) }, items: items)
        case "thresholds":
            let m = try fields(["hall", "kiosk"])
            kind = .thresholds(hallMinutes: try m["hall"].map { try doc.number($0, "hall", in: 0...1440) },
                               kioskMinutes: try m["kiosk"].map { try doc.number($0, "kiosk", in: 0...1440) })
        case "mode":
            let text = try doc.string(body, "mode")
            guard let mode = TravelMode(rawValue: text) else { throw doc.error(body, "mode: unknown mode '\(text)' (walk, bike or drive)") }
            kind = .mode(mode)
        case "optimize":
            let m = try fields(["model", "kind", "p", "radius_minutes", "candidates", "tier", "allow_uncovered"])
            let model = try doc.string(try required(m, "model"), "model")
            guard ["mclp", "pmedian", "lscp", "pcenter", "twin"].contains(model) else {
                throw doc.error(m["model"], "optimize: unknown model '\(model)' (mclp, pmedian, lscp, pcenter or twin)")
            }
            let kindText = try m["kind"].map { try doc.string($0, "kind") } ?? "hall"
            guard let siteKind = SiteKind(rawValue: kindText) else { throw doc.error(m["kind"], "optimize: unknown kind '\(kindText)' (hall or kiosk)") }
            kind = .optimize(OptimizeStep(model: model, kind: siteKind,
                                          p: try m["p"].map { try doc.integer($0, "p", minimum: 1) } ?? 1,
                                          radiusMinutes: try m["radius_minutes"].map { try doc.number($0, "radius_minutes", in: 0...1440) },
                                          candidates: try m["candidates"].map { try doc.string($0, "candidates") },
                                          tier: try m["tier"].map(tier),
                                          allowUncovered: try m["allow_uncovered"].map { n in
                                              guard let b = n.scalar.flatMap({ Bool($0.string) }) else {
                                                  throw doc.error(n, "optimize: 'allow_uncovered' must be true or false")
                                              }
                                              return b
                                          } ?? false))
        default:
            throw doc.error(keyNode, "unknown change '\(key)' (add_site, close_site, modify_site, add_kiosks, online, digital_adoption, grow_population, bundle, cross_district, thresholds, mode, optimize)")
        }
        return Change(line: line, kind: kind)
    }
}
