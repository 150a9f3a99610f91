import Districts
import Foundation
import Formats
import Model
import Scenarios
import Siting
import Travel
import TwinSpace

/// The `optimize` scenario step: chooses p new halls or kiosks among candidate points with a
/// location model over the run's own travel times, keeping the existing sites of that kind open
/// (fixed), and adds the chosen ones to the district before the run. `model: twin` minimises
/// the district's generalized minutes after the channel choice (`TwinSitingTerms`).
enum ScenarioOptimizer {
    /// Without a candidates file, candidates are cell centroids thinned to one per this spacing.
    static let candidateSpacingMeters = 1_000.0

    /// `siteDistrict` and `crossDistrict` are the scenario's district rule (`AppliedScenario`):
    /// the twin model applies it as the run's channel choice does.
    static func place(_ steps: [(line: Int, step: OptimizeStep)], in district: inout District, context: TravelContext,
                      siteDistrict: [Int] = [], crossDistrict: Bool = false,
                      scenarioPath: String, progress: (String) -> Void) throws -> [String] {
        var log: [String] = []
        for (n, (line, step)) in steps.enumerated() {
            let candidates = try candidatePoints(step, district: district, scenarioPath: scenarioPath, line: line)
            guard !candidates.isEmpty else {
                throw InputError(file: scenarioPath, .line(line), "optimize: no candidate sites")
            }
            let isTwin = step.model == "twin"
            // Sites: candidates first, then the existing sites of the kind (twin: of both kinds,
            // the other kind's in-person option being part of each term's cap), fixed open.
            let existing = district.sites.filter { isTwin || $0.kind == step.kind }
            let (instance, demandCells) = try sitingInstance(district: district, candidates: candidates, existing: existing,
                                                             context: context)
            let populations = demandCells.map(\.population)
            let model: SitingModel
            switch step.model {
            case "mclp", "lscp":
                guard let r = step.radiusMinutes else {
                    throw InputError(file: scenarioPath, .line(line), "optimize: \(step.model) needs radius_minutes")
                }
                model = step.model == "mclp" ? .mclp(p: step.p, radiusMinutes: r) : .lscp(radiusMinutes: r)
            case "pmedian": model = .pmedian(p: step.p)
            case "pcenter": model = .pcenter(p: step.p)
            case "twin":
                let template = newSite(id: "", candidate: candidates[0], kind: step.kind, tier: step.tier)
                // Sites placed by earlier steps are the district's own (0), appended after the others.
                let districts = siteDistrict.contains { $0 != 0 }
                    ? siteDistrict + Array(repeating: 0, count: max(0, existing.count - siteDistrict.count)) : nil
                model = .twin(p: step.p, terms: twinTerms(
                    instance: instance, cells: demandCells, items: district.servicesWithTierFailures, channels: district.channels,
                    settings: district.settings, existing: existing, newSite: template,
                    existingDistrict: districts, crossDistrict: crossDistrict))
            default:
                throw InputError(.usage, file: scenarioPath, .line(line), "optimize: model '\(step.model)' is not available inside scenarios yet")
            }
            var leftOut = ""
            if case .lscp(let r) = model {
                let uncoverable = SiteSelection.uncoverableCells(instance, radiusMinutes: r)
                if !uncoverable.isEmpty && !step.allowUncovered {
                    throw InputError(file: scenarioPath, .line(line),
                                     "optimize: " + uncoverableMessage(uncoverable.map { demandCells[$0].id }, of: instance.cellCount, radiusMinutes: r)
                                     + "; add allow_uncovered: true to the step to cover the others")
                }
                if !uncoverable.isEmpty {
                    let residents = uncoverable.reduce(0.0) { $0 + populations[$1] }
                    leftOut = ", \(uncoverable.count) cell(s) with \(GeoJSONWriter.number(residents.rounded())) residents left out: no site within \(GeoJSONWriter.number(r)) min"
                }
            }
            let result: SitingResult
            do {
                result = try SiteSelection.solve(instance, model: model, options: SitingOptions(threads: context.threads))
            } catch let error as InputError {
                throw InputError(error.kind, file: scenarioPath, .line(line), "optimize: \(error.file) \(error.message)")
            }
            var chosen: [String] = []
            for (k, j) in result.selected.enumerated() {
                let id = "OPT\(n + 1)-\(k + 1)"
                district.sites.append(newSite(id: id, candidate: candidates[j], kind: step.kind, tier: step.tier))
                chosen.append("\(id) at candidate \(candidates[j].id)")
            }
            let unreached = result.unreachedCompletions.map { $0 > 0 ? ", \(GeoJSONWriter.number(($0 * 1e3).rounded() / 1e3)) weighted completions/year without any option" : "" } ?? ""
            let gap = result.gap.map { ", gap \(GeoJSONWriter.number(($0 * 1e4).rounded() / 1e4))" } ?? ""
            log.append("optimize \(step.model) placed \(result.selected.count) \(step.kind.rawValue)(s): \(chosen.joined(separator: ", ")) (objective \(GeoJSONWriter.number((result.objective * 1e3).rounded() / 1e3)), \(result.status.rawValue.replacingOccurrences(of: "_", with: " "))\(gap)\(unreached)\(leftOut))")
            progress(log.last ?? "")
        }
        return log
    }

    /// The siting instance over the district's cells with residents (the demand, returned in
    /// instance order) and sites `candidates` then `existing` (fixed open), with the run's
    /// travel minutes within its cut-off.
    static func sitingInstance(district: District, candidates: [Candidate], existing: [Site],
                               context: TravelContext) throws -> (SitingInstance, [Cell]) {
        let points = candidates.map(\.location) + existing.map(\.location)
        let reach = try context.minutes(to: points, ids: candidates.map(\.id) + existing.map(\.id))
        var cells: [Int32] = [], sites: [Int32] = [], minutes: [Double] = []
        var demandCells: [Cell] = []
        for (i, cell) in district.cells.enumerated() where cell.population > 0 {
            let row = Int32(demandCells.count)
            demandCells.append(cell)
            for k in reach.travel.pairs(ofCell: i) {
                cells.append(row)
                sites.append(reach.travel.site[k])
                minutes.append(reach.travel.minutes[k])
            }
        }
        let instance = SitingInstance(populations: demandCells.map(\.population), siteCount: points.count,
                                      candidateCount: candidates.count, fixed: (candidates.count..<points.count).map { Int32($0) },
                                      cells: cells, sites: sites, minutes: minutes)
        return (instance, demandCells)
    }

    /// The twin-aware objective's terms (`TwinSitingTerms`, built by the twin-space rules) over
    /// `instance`, whose sites are its candidates (like `newSite`) then `existing`. With
    /// `existingDistrict`, cells and candidates are the district's own (0).
    static func twinTerms(instance: SitingInstance, cells: [Cell], items: [ServiceItem], channels: [Channel],
                          settings: DistrictSettings, existing: [Site], newSite: Site,
                          existingDistrict: [Int]? = nil, crossDistrict: Bool = false) -> TwinTerms {
        var parameters = TwinParameters(settings: settings)
        parameters.crossDistrict = crossDistrict
        let problem = TwinSitingProblem(
            cells: cells, items: items, channels: channels, candidateCount: instance.candidateCount,
            newSite: newSite, existing: existing,
            travel: SparseTravel(cellCount: instance.rowStarts.count - 1, siteCount: instance.siteCount, offsets: instance.rowStarts,
                                 site: instance.rowSites, minutes: instance.rowMinutes),
            cellDistrict: existingDistrict.map { _ in cells.map { _ in 0 } }, existingDistrict: existingDistrict,
            candidateDistrict: 0, parameters: parameters,
            weightElderly: settings.twinWeightElderly, weightNotDigital: settings.twinWeightNotDigital)
        let t = TwinSitingTerms.build(problem)
        return TwinTerms(cells: t.cells, weights: t.weights, multipliers: t.multipliers, caps: t.caps, groups: t.groups,
                         groupSites: t.groupSites)
    }

    /// The site an optimize step adds at a candidate: a hall of the step's tier (default street)
    /// with 6 windows open Mo-Fr 09:00-12:00,13:30-17:30, or a kiosk open all day; default
    /// services for its kind and tier.
    static func newSite(id: String, candidate: Candidate, kind: SiteKind, tier: Tier?) -> Site {
        let isHall = kind == .hall
        let hours = isHall ? (OpeningHours(literal: "Mo-Fr 09:00-12:00,13:30-17:30")) : .alwaysOpen
        return Site(id: id, name: "\(isHall ? "New hall" : "New kiosk") \(id) (candidate \(candidate.id))",
                    kind: kind, tier: isHall ? (tier ?? .street) : nil, windows: isHall ? 6 : 1,
                    hours: hours, services: nil, location: candidate.location)
    }

    /// The step's candidates file (relative to the scenario), else the district's candidates,
    /// else cell centroids thinned to one per `candidateSpacingMeters` square.
    static func candidatePoints(_ step: OptimizeStep, district: District, scenarioPath: String, line: Int) throws -> [Candidate] {
        if let file = step.candidates {
            let path = file.hasPrefix("/") ? file : URL(fileURLWithPath: scenarioPath).deletingLastPathComponent().appendingPathComponent(file).path
            let candidatesInDistrict = (URL(fileURLWithPath: path).lastPathComponent == "candidates.geojson") ? district.candidates : []
            if !FileManager.default.fileExists(atPath: path) {
                if !candidatesInDistrict.isEmpty { return candidatesInDistrict }
                throw InputError(.missingInput, file: scenarioPath, .line(line), "optimize: candidates file '\(file)' does not exist")
            }
            var problems: [InputError] = []
            let features = try GeoJSONReader.read(path: path, problems: &problems)
            if !problems.isEmpty { throw InputErrors(problems) }
            return try features.map { f in
                guard case .point(let p)? = f.geometry, let id = f.id else {
                    throw InputError(file: path, f.location, "a candidate is a Point with an id")
                }
                return Candidate(id: id, location: p)
            }
        }
        return districtCandidates(district)
    }

    /// The district's `candidates.geojson`, else cell centroids thinned to one per
    /// `candidateSpacingMeters` square (ids `cell:<cell id>`).
    static func districtCandidates(_ district: District) -> [Candidate] {
        if !district.candidates.isEmpty { return district.candidates }
        var seen = Set<String>()
        var out: [Candidate] = []
        for cell in district.cells where cell.population > 0 {
            let metersPerDegreeLon = 111_320 * cos(cell.centroid.y * .pi / 180)
            // The square's row and column as whole Doubles (+ 0 makes -0 into 0): no conversion that could trap.
            let key = "\((cell.centroid.x * metersPerDegreeLon / candidateSpacingMeters).rounded(.down) + 0),\((cell.centroid.y * 110_574 / candidateSpacingMeters).rounded(.down) + 0)"
            if seen.insert(key).inserted { out.append(Candidate(id: "cell:\(cell.id)", location: cell.centroid)) }
        }
        return out
    }
}
