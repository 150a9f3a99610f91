import Districts
import Foundation
import Formats
import Model
import Siting

/// What `twinreach optimize` was asked to do (the command contract's flags).
public struct OptimizeRequest: Sendable {
    /// The CSV inputs; all three nil only for `twin` with `districtPath`: then the district
    /// gives the demand, the travel minutes and the candidates (`optimizeFromDistrict`).
    public var populationPath: String?
    public var matrixPath: String?
    public var candidatesPath: String?
    /// `mclp`, `pmedian`, `lscp`, `pcenter` or `twin`.
    public var model: String
    public var p: Int?
    public var radiusMinutes: Double?
    public var fixedPath: String?
    public var exact: Bool
    public var timeLimitSeconds: Double?
    /// LSCP: leave out the cells no site can cover within the radius (else they are an error).
    public var allowUncovered: Bool
    /// Threads the siting heuristics may use (>= 1); the result is the same for any count.
    public var threads: Int
    public var outputPath: String
    /// Twin only: the district folder giving the catalogue, channels, cell shares, existing
    /// sites (all kept open) and `twin_weights`; the kind and tier of the new sites.
    public var districtPath: String?
    public var kind: String?
    public var tier: String?

    public init(populationPath: String?, matrixPath: String?, candidatesPath: String?, model: String, p: Int? = nil,
                radiusMinutes: Double? = nil, fixedPath: String? = nil, exact: Bool = false,
                timeLimitSeconds: Double? = nil, allowUncovered: Bool = false, threads: Int = 2, outputPath: String,
                districtPath: String? = nil, kind: String? = nil, tier: String? = nil) {
        self.allowUncovered = allowUncovered
        self.threads = threads
        self.districtPath = districtPath
        self.kind = kind
        self.tier = tier
        self.populationPath = populationPath
        self.matrixPath = matrixPath
        self.candidatesPath = candidatesPath
        self.model = model
        self.p = p
        self.radiusMinutes = radiusMinutes
        self.fixedPath = fixedPath
        self.exact = exact
        self.timeLimitSeconds = timeLimitSeconds
        self.outputPath = outputPath
    }
}

/// What `optimize` found (also written as JSON).
public struct OptimizeReport: Sendable {
    public var model: SitingModel
    public var result: SitingResult
    /// Ids of the new sites, in candidate-file order.
    public var selectedIDs: [String]
    public var fixedIDs: [String]
    public var demandCells: Int
    public var candidates: Int
    public var pairsUsed: Int
    public var pairsSkipped: Int
    public var seconds: Double
}

/// `twinreach optimize`: reads the population, matrix, candidates (and fixed sites), solves the
/// location model, and writes `{written_by, model, p, radius_minutes, objective, selected, bound, gap,
/// proven_optimal, status, seconds}` (plus `fixed`, counts and, per model, the uncoverable cells or
/// unreached population) to `outputPath`, atomically.
///
/// Demand = cells with pop > 0 (as spopt). Matrix pairs from other cells or to sites that are
/// neither candidates nor fixed are skipped. `p` counts new sites; fixed sites (`--fixed`, ids
/// that are destinations of the matrix) are open besides them. An infinite objective (a cell
/// without a pair to any open site, p-median / p-center) is written as `null`. LSCP with cells
/// no site reaches within the radius is bad input (exit 65, as spopt's "Infeasible"), unless
/// `allowUncovered` leaves them out.
///
/// `twin` (see `TwinSitingTerms`) also reads `--district DIR`: the population ids must be cells
/// of it (their shares come from it, their residents from the population file), every site of
/// the district is kept open (its id a destination of the matrix to count), and the candidates
/// become new sites of `--kind` (default hall) and `--tier` (default street).
public func optimize(_ request: OptimizeRequest) throws -> OptimizeReport {
    let started = Date()
    var model = try sitingModel(request)
    if let limit = request.timeLimitSeconds, !(limit > 0 && limit.isFinite) {
        throw InputError(.usage, file: "--time-limit", .file, "must be a number of seconds > 0 (got \(limit))")
    }
    guard let populationPath = request.populationPath, let matrixPath = request.matrixPath,
          let candidatesPath = request.candidatesPath else {
        if case .twin = model, request.populationPath == nil, request.matrixPath == nil, request.candidatesPath == nil {
            return try optimizeFromDistrict(request, model: model, started: started)
        }
        throw InputError(.usage, file: "optimize", .file, "--model \(request.model) needs --population, --matrix and --candidates"
                         + (request.model == "twin" ? " (or none of them: the district gives all three)" : ""))
    }
    let outputInputs = optimizeInputs(request)
    try OutputFile.optimize.checkReplaceable(request.outputPath, inputs: outputInputs)

    let population = try OptimizeInputs.population(populationPath)
    let candidateIDs = try OptimizeInputs.siteIDs(candidatesPath)
    // Twin: the district's own sites are the fixed ones (of both kinds).
    var twinDistrict: District? = nil
    if case .twin = model, let folder = request.districtPath {
        twinDistrict = try loadTwinDistrict(folder, candidateIDs: candidateIDs, candidatesPath: candidatesPath)
    }
    let fixedRows = try twinDistrict.map { $0.sites.map(\.id) } ?? request.fixedPath.map { try OptimizeInputs.siteIDs($0) } ?? []
    let (siteIDs, siteNumber, fixed) = numberSites(candidateIDs: candidateIDs, fixedRows: fixedRows)
    var cellIDs: [String] = []
    var weights: [Double] = []
    var twinCells: [Cell] = []
    let districtCells = twinDistrict.map { d in Dictionary(d.cells.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }) } ?? [:]
    for (k, id) in population.ids.enumerated() where population.populations[k] > 0 {
        cellIDs.append(id)
        weights.append(population.populations[k])
        if twinDistrict != nil {
            guard var cell = districtCells[id] else {
                throw InputError(file: populationPath, .line(k + 2), "id \(id) is not a cell of \(request.districtPath ?? "the district")")
            }
            cell.population = population.populations[k]
            twinCells.append(cell)
        }
    }
    let pairs = try OptimizeInputs.matrix(matrixPath, cells: ByteKeyIndex(cellIDs), sites: ByteKeyIndex(siteIDs),
                                          siteCount: siteIDs.count)
    if let fixedPath = request.fixedPath {
        for (row, id) in fixedRows.enumerated() where !pairs.seenSites[siteNumber[id] ?? 0] {
            throw InputError(file: fixedPath, .line(row + 2), "fixed site \(id) is not a destination in \(matrixPath)")
        }
    }
    let instance = SitingInstance(populations: weights, siteCount: siteIDs.count, candidateCount: candidateIDs.count,
                                  fixed: fixed, cells: pairs.cells, sites: pairs.sites, minutes: pairs.minutes)
    try refuseRepeatedPairs(instance, cellIDs: cellIDs, siteIDs: siteIDs, matrixPath: matrixPath)
    if case .twin(let p, _) = model, let district = twinDistrict {
        model = try twinModel(p: p, request: request, instance: instance, cells: twinCells, district: district)
    }
    if case .lscp(let r) = model, !request.allowUncovered {
        let uncoverable = SiteSelection.uncoverableCells(instance, radiusMinutes: r)
        if !uncoverable.isEmpty {
            throw InputError(file: matrixPath, .file,
                             uncoverableMessage(uncoverable.map { cellIDs[$0] }, of: instance.cellCount, radiusMinutes: r)
                             + "; give --allow-uncovered to cover the others")
        }
    }
    let result = try SiteSelection.solve(instance, model: model,
                                         options: SitingOptions(exact: request.exact, timeLimitSeconds: request.timeLimitSeconds,
                                                                threads: request.threads))
    let report = OptimizeReport(model: model, result: result, selectedIDs: result.selected.map { siteIDs[$0] },
                                fixedIDs: fixedRows, demandCells: instance.cellCount, candidates: candidateIDs.count,
                                pairsUsed: instance.pairCount, pairsSkipped: pairs.skipped,
                                seconds: Date().timeIntervalSince(started))
    try OutputFile.optimize.checkReplaceable(request.outputPath, inputs: outputInputs)
    try AtomicFile.write(optimizeJSON(report), to: request.outputPath)
    return report
}

/// The files `optimize` reads, which its output must not replace.
func optimizeInputs(_ request: OptimizeRequest) -> [OutputFolder.Input] {
    var outputInputs: [OutputFolder.Input] = [("the population file", request.populationPath), ("the matrix file", request.matrixPath),
                                              ("the candidates file", request.candidatesPath)].compactMap { name, path in path.map { (name, $0) } }
    if let fixed = request.fixedPath { outputInputs.append(("the fixed-sites file", fixed)) }
    if let district = request.districtPath { outputInputs.append(("the district folder", district)) }
    return outputInputs
}

/// The twin district of `folder`; a candidate that is already one of its sites is bad input.
func loadTwinDistrict(_ folder: String, candidateIDs: [String], candidatesPath: String) throws -> District {
    let district = try DistrictLoader.load(folder, geo: LibraryGeoServices()).get()
    let existing = Set(district.sites.map(\.id))
    for (row, id) in candidateIDs.enumerated() where existing.contains(id) {
        throw InputError(file: candidatesPath, .line(row + 2), "candidate \(id) is already a site of \(folder)")
    }
    return district
}

/// Site numbers: candidates, then fixed sites that are not candidates; `fixed` in `fixedRows` order.
func numberSites(candidateIDs: [String], fixedRows: [String])
    -> (siteIDs: [String], siteNumber: [String: Int], fixed: [Int32]) {
    var siteIDs = candidateIDs
    var siteNumber: [String: Int] = [:]
    for (j, id) in candidateIDs.enumerated() { siteNumber[id] = j }
    var fixed: [Int32] = []
    for id in fixedRows {
        if let j = siteNumber[id] { fixed.append(Int32(j)); continue }
        siteNumber[id] = siteIDs.count
        fixed.append(Int32(siteIDs.count))
        siteIDs.append(id)
    }
    return (siteIDs, siteNumber, fixed)
}

/// A pair listed twice is ambiguous: refuse it, naming its second line.
func refuseRepeatedPairs(_ instance: SitingInstance, cellIDs: [String], siteIDs: [String], matrixPath: String) throws {
    var seenInRow = [Int](repeating: -1, count: instance.siteCount) // the last row that listed the site
    for i in 0..<instance.cellCount {
        for k in instance.rowStarts[i]..<instance.rowStarts[i + 1] {
            let j = Int(instance.rowSites[k])
            guard seenInRow[j] == i else { seenInRow[j] = i; continue }
            let site = siteIDs[Int(instance.rowSites[k])]
            let line = try OptimizeInputs.lineOfRepeatedPair(matrixPath, origin: cellIDs[i], destination: site)
            throw InputError(file: matrixPath, line.map { .line($0) } ?? .file,
                             "pair \(cellIDs[i]) -> \(site) appears twice")
        }
    }
}

/// The twin model: the district's terms for new sites of `--kind` and `--tier`.
func twinModel(p: Int, request: OptimizeRequest, instance: SitingInstance, cells twinCells: [Cell],
               district: District) throws -> SitingModel {
    let kind = try request.kind.map { text in
        guard let k = SiteKind(rawValue: text) else { throw InputError(.usage, file: "--kind", .file, "'\(text)' is not hall or kiosk") }
        return k
    } ?? .hall
    let tier = try request.tier.map { text in
        guard let t = Tier(rawValue: text) else {
            throw InputError(.usage, file: "--tier", .file, "'\(text)' is not community, street, district or city")
        }
        return t
    }
    let template = ScenarioOptimizer.newSite(id: "", candidate: Candidate(id: "", location: XY(0, 0)), kind: kind, tier: tier)
    return .twin(p: p, terms: ScenarioOptimizer.twinTerms(
        instance: instance, cells: twinCells, items: district.servicesWithTierFailures, channels: district.channels,
        settings: district.settings, existing: district.sites, newSite: template))
}

/// The model from the flags, or a usage error (exit 64) saying what is missing or misplaced.
func sitingModel(_ request: OptimizeRequest) throws -> SitingModel {
    func need<T>(_ value: T?, _ flag: String, _ model: String) throws -> T {
        guard let value else { throw InputError(.usage, file: "optimize", .file, "--model \(model) needs \(flag)") }
        return value
    }
    func refuse(_ present: Bool, _ flag: String, _ model: String) throws {
        if present { throw InputError(.usage, file: "optimize", .file, "--model \(model) takes no \(flag)") }
    }
    let name = request.model
    guard request.threads >= 1 else { throw InputError(.usage, file: "--threads", .file, "must be 1 or more (got \(request.threads))") }
    // --allow-uncovered changes only LSCP (the one model an uncoverable cell makes infeasible);
    // the others accept it as they are, so one argument list can drive every model (run_tool.py).
    if let r = request.radiusMinutes, !(r >= 0 && r.isFinite) {
        // Checked before the instance is read, so that no message quotes a radius of nan.
        throw InputError(.usage, file: "--radius-minutes", .file, "must be a finite number >= 0 (got \(r))")
    }
    if name != "twin" {
        try refuse(request.districtPath != nil, "--district (twin only)", name)
        try refuse(request.kind != nil, "--kind (twin only)", name)
        try refuse(request.tier != nil, "--tier (twin only)", name)
    }
    switch name {
    case "mclp":
        return .mclp(p: try need(request.p, "--p", name), radiusMinutes: try need(request.radiusMinutes, "--radius-minutes", name))
    case "pmedian":
        try refuse(request.radiusMinutes != nil, "--radius-minutes", name)
        return .pmedian(p: try need(request.p, "--p", name))
    case "lscp":
        try refuse(request.p != nil, "--p (it finds the fewest sites)", name)
        return .lscp(radiusMinutes: try need(request.radiusMinutes, "--radius-minutes", name))
    case "pcenter":
        try refuse(request.radiusMinutes != nil, "--radius-minutes", name)
        return .pcenter(p: try need(request.p, "--p", name))
    case "twin":
        try refuse(request.radiusMinutes != nil, "--radius-minutes", name)
        try refuse(request.fixedPath != nil, "--fixed (the sites of --district are kept open)", name)
        try refuse(request.exact, "--exact (it is solved heuristically, with a Lagrangian bound)", name)
        _ = try need(request.districtPath, "--district DIR (its catalogue, channels, cell shares and sites)", name)
        // The terms are built once the instance is read (see `optimize`).
        return .twin(p: try need(request.p, "--p", name),
                     terms: TwinTerms(cells: [], weights: [], multipliers: [], caps: [], groups: [], groupSites: []))
    default:
        throw InputError(.usage, file: "optimize", .file, "unknown --model '\(name)' (mclp, pmedian, lscp, pcenter or twin)")
    }
}

/// "N of M demand cells can be covered by no site within R minutes (first: ids)": why an LSCP
/// has no cover (spopt raises "Infeasible" here).
func uncoverableMessage(_ ids: [String], of cells: Int, radiusMinutes r: Double) -> String {
    let shown = ids.prefix(10).joined(separator: ", ")
    return "lscp: \(ids.count) of \(cells) demand cell\(cells == 1 ? "" : "s") can be covered by no site within "
        + "\(GeoJSONWriter.number(r)) minutes (\(ids.count > 10 ? "first 10" : "ids"): \(shown)), so no cover exists"
}

/// The JSON document, keys in a fixed order; numbers print so that they read back exactly;
/// an infinite objective is `null`.
func optimizeJSON(_ report: OptimizeReport) -> String {
    func number(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "null" }
        return "\(x)"
    }
    func strings(_ xs: [String]) -> String { "[" + xs.map(jsonString).joined(separator: ", ") + "]" }
    let r = report.result
    var fields: [(String, String)] = [
        ("written_by", jsonString("twinreach optimize")),  // how a later optimize knows the file is its own (OutputFile)
        ("model", jsonString(report.model.name)),
        ("p", report.model.p.map { "\($0)" } ?? "null"),
        ("radius_minutes", number(report.model.radiusMinutes)),
        ("objective", number(r.objective)),
        ("selected", strings(report.selectedIDs)),
        ("bound", number(r.bound)),
        ("gap", number(r.gap)),
        ("proven_optimal", r.provenOptimal ? "true" : "false"),
        ("status", jsonString(r.status.rawValue)),
        ("seconds", number((report.seconds * 1000).rounded() / 1000)),
        ("fixed", strings(report.fixedIDs)),
        ("demand_cells", "\(report.demandCells)"),
        ("candidates", "\(report.candidates)"),
        ("pairs_used", "\(report.pairsUsed)"),
        ("pairs_skipped", "\(report.pairsSkipped)"),
    ]
    if let u = r.uncoverableCells { fields.append(("uncoverable_cells", "\(u)")) }
    if let u = r.unreachedPopulation { fields.append(("unreached_population", number(u))) }
    if let u = r.unreachedCompletions { fields.append(("unreached_completions", number(u))) }
    return "{\n" + fields.map { "  \(jsonString($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n}\n"
}

/// A JSON string literal (the GeoJSON writer's escaping).
func jsonString(_ s: String) -> String {
    var out = ""
    GeoJSONWriter.appendString(s, to: &out)
    return out
}
