import Foundation
import Geometry
import Model

/// A district after a scenario's changes, with what the run needs besides it.
public struct AppliedScenario: Sendable {
    public var district: District
    /// District of each site: 0 = the scenario's own, 1... = neighbours added by `cross_district`.
    public var siteDistrict: [Int]
    /// 跨区通办: residents may use halls of the neighbouring districts.
    public var crossDistrict: Bool
    /// `optimize` steps, to place sites before the run (in order, after the other changes).
    public var optimizeSteps: [(line: Int, step: OptimizeStep)]
    /// What each change did, one line each, for the report.
    public var log: [String]
}

/// Applies changes in order to a copy of the district. Every reference (site, item, channel,
/// subdistrict) is checked against the district as it stands at that change; all bad
/// references are reported together as `scenario.yaml:LINE: ...` before anything runs.
public enum ScenarioApplier {
    public static func apply(_ scenario: Scenario, to base: District,
                             loadDistrict: (String) throws -> District) throws -> AppliedScenario {
        var d = base
        var siteDistrict = [Int](repeating: 0, count: d.sites.count)
        var cross = false
        var steps: [(line: Int, step: OptimizeStep)] = []
        var log: [String] = []
        var problems: [InputError] = scenario.problems
        for change in scenario.changes {
            func fail(_ message: String) { problems.append(InputError(file: scenario.path, .line(change.line), "\(change.name): \(message)")) }
            let itemIDs = Set(d.services.map(\.id))
            func unknownItems(_ ids: [String]) -> [String] { ids.filter { !itemIDs.contains($0) } }
            switch change.kind {
            case .addSite(let site):
                if d.sites.contains(where: { $0.id == site.id }) { fail("site id '\(site.id)' already exists"); continue }
                if let list = site.services, !unknownItems(list).isEmpty { fail("unknown service id(s) \(unknownItems(list).joined(separator: ", "))"); continue }
                d.sites.append(site)
                siteDistrict.append(0)
                log.append("added \(site.kind.rawValue) \(site.id)")
            case .closeSite(let id):
                guard let k = d.sites.firstIndex(where: { $0.id == id }) else { fail("unknown site '\(id)'"); continue }
                d.sites.remove(at: k)
                siteDistrict.remove(at: k)
                log.append("closed \(id)")
            case .modifySite(let m):
                guard let k = d.sites.firstIndex(where: { $0.id == m.id }) else { fail("unknown site '\(m.id)'"); continue }
                let unknown = unknownItems((m.services ?? []) + m.addServices + m.removeServices)
                if !unknown.isEmpty { fail("unknown service id(s) \(unknown.joined(separator: ", "))"); continue }
                if m.tier != nil && d.sites[k].kind == .kiosk { fail("\(m.id) is a kiosk: kiosks have no tier"); continue }
                var site = d.sites[k]
                if let w = m.windows { site.windows = w }
                if let h = m.hours { site.hours = h }
                if let t = m.tier { site.tier = t }
                if let n = m.name { site.name = n }
                if let s = m.services { site.services = s }
                if !m.addServices.isEmpty || !m.removeServices.isEmpty {
                    var list = site.services ?? d.services.filter { site.handles($0) }.map(\.id)
                    for id in m.addServices where !list.contains(id) { list.append(id) }
                    list.removeAll { m.removeServices.contains($0) }
                    site.services = list
                }
                d.sites[k] = site
                log.append("modified \(m.id)")
            case .addKiosks(let kiosks):
                let clash = kiosks.filter { k in d.sites.contains { $0.id == k.id } }.map(\.id)
                if !clash.isEmpty { fail("site id(s) \(clash.joined(separator: ", ")) already exist (choose another prefix)"); continue }
                if let list = kiosks.first?.services, !unknownItems(list).isEmpty { fail("unknown service id(s) \(unknownItems(list).joined(separator: ", "))"); continue }
                d.sites += kiosks
                siteDistrict += kiosks.map { _ in 0 }
                log.append("added \(kiosks.count) kiosk(s)")
            case .online(let o):
                guard let k = d.channels.firstIndex(where: { $0.id == o.channel }) else { fail("unknown channel '\(o.channel)'"); continue }
                let unknown = unknownItems(o.addServices + o.removeServices)
                if !unknown.isEmpty { fail("unknown service id(s) \(unknown.joined(separator: ", "))"); continue }
                var channel = d.channels[k]
                if !o.addServices.isEmpty || !o.removeServices.isEmpty {
                    // Making an item available online also makes it online-eligible in the catalogue.
                    for id in o.addServices {
                        if let i = d.services.firstIndex(where: { $0.id == id }) {
                            if channel.kind == .video { d.services[i].video = true } else { d.services[i].online = true }
                        }
                    }
                    var list: [String]
                    switch channel.services {
                    case .allOnline: list = d.services.filter { channel.handles($0) }.map(\.id)
                    case .list(let ids): list = ids
                    }
                    for id in o.addServices where !list.contains(id) { list.append(id) }
                    list.removeAll { o.removeServices.contains($0) }
                    channel.services = .list(list)
                }
                if let h = o.hours { channel.hours = h }
                if let a = o.agents { channel.agents = a }
                if let s = o.seats { channel.seats = s }
                if let e = o.effortMinutes { channel.effortMinutes = e }
                d.channels[k] = channel
                log.append("changed channel \(o.channel)")
            case .digitalAdoption(let group, let set, let add):
                applyAdoption(&d, group: group, set: set, add: add)
                log.append("digital adoption of \(group.rawValue) \(set.map { "set to \($0)" } ?? "changed by \(add ?? 0)")")
            case .growPopulation(let factor, let area):
                let inside: (XY) throws -> Bool
                switch area {
                case .everywhere:
                    inside = { _ in true }
                case .subdistrict(let id):
                    guard let s = d.subdistricts.first(where: { $0.id == id || $0.name == id }) else { fail("unknown subdistrict '\(id)'"); continue }
                    let prepared = try PreparedPolygon(s.area)
                    inside = { try prepared.covers($0) }
                case .polygon(let polygon):
                    let prepared = try PreparedPolygon(MultiPolygon([polygon]))
                    inside = { try prepared.covers($0) }
                }
                var grown = 0
                for i in d.cells.indices where try inside(d.cells[i].centroid) {
                    d.cells[i].population *= factor
                    grown += 1
                }
                log.append("population × \(factor) in \(grown) cell(s)")
            case .bundle(let b):
                let unknown = unknownItems(b.items)
                if !unknown.isEmpty { fail("unknown service id(s) \(unknown.joined(separator: ", "))"); continue }
                if itemIDs.contains(b.id) { fail("item id '\(b.id)' already exists"); continue }
                applyBundle(&d, b)
                log.append("bundled \(b.items.joined(separator: ", ")) into \(b.id)")
            case .crossDistrict(let paths, let items):
                if let items, !unknownItems(items).isEmpty { fail("unknown service id(s) \(unknownItems(items).joined(separator: ", "))"); continue }
                for (n, path) in paths.enumerated() {
                    let neighbour: District
                    do { neighbour = try loadDistrict(path) } catch {
                        fail("neighbouring district \(path) has problems: \(error)"); continue
                    }
                    for var hall in neighbour.sites where hall.kind == .hall {
                        hall.id = "\(neighbour.settings.name)/\(hall.id)"
                        if let items {
                            let capable = d.services.filter { hall.handles($0) }.map(\.id)
                            hall.services = capable.filter { items.contains($0) }
                        }
                        d.sites.append(hall)
                        siteDistrict.append(n + 1)
                    }
                }
                cross = true
                log.append("跨区通办 with \(paths.count) district(s)")
            case .thresholds(let hall, let kiosk):
                if let hall { d.settings.hallThresholdMinutes = hall }
                if let kiosk { d.settings.kioskThresholdMinutes = kiosk }
                log.append("thresholds changed")
            case .mode(let mode):
                d.settings.mode = mode
                log.append("travel mode \(mode.rawValue)")
            case .optimize(let step):
                steps.append((change.line, step))
            }
        }
        if !problems.isEmpty {
            throw InputErrors(problems.sorted { ($0.lineNumber ?? 0) < ($1.lineNumber ?? 0) })
        }
        return AppliedScenario(district: d, siteDistrict: siteDistrict, crossDistrict: cross, optimizeSteps: steps, log: log)
    }

    /// Digital shares follow `digital = (1 − e)·adults + e·elderly`: a group's new rate shifts
    /// every cell by its share of that group times the change of the rate.
    static func applyAdoption(_ d: inout District, group: AdoptionGroup, set: Double?, add: Double?) {
        let oldAdults = d.settings.digitalAdoptionAdults, oldElderly = d.settings.digitalAdoptionElderly
        func updated(_ old: Double) -> Double { min(1, max(0, set ?? (old + (add ?? 0)))) }
        let newAdults = group == .elderly ? oldAdults : updated(oldAdults)
        let newElderly = group == .adults ? oldElderly : updated(oldElderly)
        d.settings.digitalAdoptionAdults = newAdults
        d.settings.digitalAdoptionElderly = newElderly
        for i in d.cells.indices {
            let e = d.cells[i].elderlyShare
            let shift = (1 - e) * (newAdults - oldAdults) + e * (newElderly - oldElderly)
            d.cells[i].digitalShare = min(1, max(0, d.cells[i].digitalShare + shift))
        }
    }

    /// 一件事一次办: the items become one. Demand is the largest of theirs (every case needs the
    /// most demanded one), the lowest tier that handles it the highest of theirs, channels what
    /// every item allows unless the bundle says, one sitting handles all (handling minutes add
    /// up), and trips, documents and promised days are the bundle's (documents default to the
    /// sum, days to the longest). Site and channel lists that held every item get the bundle.
    static func applyBundle(_ d: inout District, _ b: Bundle) {
        let parts = d.services.filter { b.items.contains($0.id) }
        guard let firstIndex = d.services.firstIndex(where: { b.items.contains($0.id) }) else { return }
        let item = ServiceItem(
            id: b.id, name: b.name,
            perThousandPerYear: parts.map(\.perThousandPerYear).max() ?? 0,
            minTier: parts.map(\.minTier).max() ?? .community,
            hall: b.hall ?? parts.allSatisfy(\.hall), kiosk: b.kiosk ?? parts.allSatisfy(\.kiosk),
            online: b.online ?? parts.allSatisfy(\.online), video: b.video ?? parts.allSatisfy(\.video),
            tripsHall: b.tripsHall, tripsKiosk: b.tripsKiosk ?? b.tripsHall,
            tripsOnline: b.tripsOnline ?? (parts.map(\.tripsOnline).max() ?? 0),
            handlingMinutes: parts.reduce(0) { $0 + $1.handlingMinutes },
            documents: b.documents ?? parts.reduce(0) { $0 + $1.documents },
            timeLimitDays: b.timeLimitDays ?? (parts.map(\.timeLimitDays).max() ?? 0),
            consultPerCompletion: parts.map(\.consultPerCompletion).max() ?? 0)
        d.services.removeAll { b.items.contains($0.id) }
        d.services.insert(item, at: min(firstIndex, d.services.count))
        for k in d.sites.indices {
            guard var list = d.sites[k].services else { continue }
            let all = b.items.allSatisfy(list.contains)
            list.removeAll { b.items.contains($0) }
            if all { list.append(b.id) }
            d.sites[k].services = list
        }
        for k in d.channels.indices {
            guard case .list(var list) = d.channels[k].services else { continue }
            let all = b.items.allSatisfy(list.contains)
            list.removeAll { b.items.contains($0) }
            if all { list.append(b.id) }
            d.channels[k].services = .list(list)
        }
    }
}

extension InputError {
    var lineNumber: Int? { if case .line(let n) = location { return n }; return nil }
}
