import Foundation
import Formats
import Model
import Siting

/// What `twinreach optimize` was asked to do (the command contract's flags).
public struct OptimizeRequest: Sendable {
    public var populationPath: String
    public var matrixPath: String
    public var candidatesPath: String
    /// `mclp`, `pmedian`, `lscp`, `pcenter` or `twin`.
    public var model: String
    public var p: Int?
    public var radiusMinutes: Double?
    public var fixedPath: String?
    public var exact: Bool
    public var timeLimitSeconds: Double?
    public var outputPath: String

    public init(populationPath: String, matrixPath: String, candidatesPath: String, model: String, p: Int? = nil,
                radiusMinutes: Double? = nil, fixedPath: String? = nil, exact: Bool = false,
                timeLimitSeconds: Double? = nil, outputPath: String) {
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
/// location model, and writes `{model, p, radius_minutes, objective, selected, bound, gap,
/// proven_optimal, seconds}` (plus `fixed`, counts and, per model, the uncoverable cells or
/// unreached population) to `outputPath`, atomically.
///
/// Demand = cells with pop > 0 (as spopt). Matrix pairs from other cells or to sites that are
/// neither candidates nor fixed are skipped. `p` counts new sites; fixed sites (`--fixed`, ids
/// that are destinations of the matrix) are open besides them. An infinite objective (a cell
/// without a pair to any open site, p-median / p-center) is written as `null`.
public func optimize(_ request: OptimizeRequest) throws -> OptimizeReport {
    let started = Date()
    let model = try sitingModel(request)
    if let limit = request.timeLimitSeconds, !(limit > 0 && limit.isFinite) {
        throw InputError(.usage, file: "--time-limit", .file, "must be a number of seconds > 0 (got \(limit))")
    }
    let outputDirectory = (request.outputPath as NSString).deletingLastPathComponent
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: outputDirectory.isEmpty ? "." : outputDirectory, isDirectory: &isDirectory)
        || !isDirectory.boolValue {
        throw InputError(.ioError, file: request.outputPath, .file, "its folder does not exist")
    }

    let population = try OptimizeInputs.population(request.populationPath)
    let candidateIDs = try OptimizeInputs.siteIDs(request.candidatesPath)
    let fixedRows = try request.fixedPath.map { try OptimizeInputs.siteIDs($0) } ?? []
    // Sites: candidates, then fixed sites that are not candidates.
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
    var cellIDs: [String] = []
    var weights: [Double] = []
    for (k, id) in population.ids.enumerated() where population.populations[k] > 0 {
        cellIDs.append(id)
        weights.append(population.populations[k])
    }
    let pairs = try OptimizeInputs.matrix(request.matrixPath, cells: ByteKeyIndex(cellIDs), sites: ByteKeyIndex(siteIDs),
                                          siteCount: siteIDs.count)
    if let fixedPath = request.fixedPath {
        for (row, id) in fixedRows.enumerated() where !pairs.seenSites[siteNumber[id] ?? 0] {
            throw InputError(file: fixedPath, .line(row + 2), "fixed site \(id) is not a destination in \(request.matrixPath)")
        }
    }
    let instance = SitingInstance(populations: weights, siteCount: siteIDs.count, candidateCount: candidateIDs.count,
                                  fixed: fixed, cells: pairs.cells, sites: pairs.sites, minutes: pairs.minutes)
    // A pair listed twice is ambiguous: refuse it, naming its second line.
    for i in 0..<instance.cellCount {
        var seen = Set<Int32>()
        for k in instance.rowStarts[i]..<instance.rowStarts[i + 1] where !seen.insert(instance.rowSites[k]).inserted {
            let site = siteIDs[Int(instance.rowSites[k])]
            let line = try OptimizeInputs.lineOfRepeatedPair(request.matrixPath, origin: cellIDs[i], destination: site)
            throw InputError(file: request.matrixPath, line.map { .line($0) } ?? .file,
                             "pair \(cellIDs[i]) -> \(site) appears twice")
        }
    }
    let result = try SiteSelection.solve(instance, model: model,
                                         options: SitingOptions(exact: request.exact, timeLimitSeconds: request.timeLimitSeconds))
    let report = OptimizeReport(model: model, result: result, selectedIDs: result.selected.map { siteIDs[$0] },
                                fixedIDs: fixedRows, demandCells: instance.cellCount, candidates: candidateIDs.count,
                                pairsUsed: instance.pairCount, pairsSkipped: pairs.skipped,
                                seconds: Date().timeIntervalSince(started))
    try AtomicFile.write(optimizeJSON(report), to: request.outputPath)
    return report
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
        throw InputError(.usage, file: "optimize", .file,
                         "--model twin needs the district's catalogue, channels and resident shares, which population/matrix/candidates files do not carry: use an optimize step in a scenario (optimize: {model: twin, kind: hall, tier: street, p: 2}), or mclp, pmedian, lscp or pcenter here")
    default:
        throw InputError(.usage, file: "optimize", .file, "unknown --model '\(name)' (mclp, pmedian, lscp, pcenter or twin)")
    }
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
        ("model", jsonString(report.model.name)),
        ("p", report.model.p.map { "\($0)" } ?? "null"),
        ("radius_minutes", number(report.model.radiusMinutes)),
        ("objective", number(r.objective)),
        ("selected", strings(report.selectedIDs)),
        ("bound", number(r.bound)),
        ("gap", number(r.gap)),
        ("proven_optimal", r.provenOptimal ? "true" : "false"),
        ("seconds", number((report.seconds * 1000).rounded() / 1000)),
        ("fixed", strings(report.fixedIDs)),
        ("demand_cells", "\(report.demandCells)"),
        ("candidates", "\(report.candidates)"),
        ("pairs_used", "\(report.pairsUsed)"),
        ("pairs_skipped", "\(report.pairsSkipped)"),
    ]
    if let u = r.uncoverableCells { fields.append(("uncoverable_cells", "\(u)")) }
    if let u = r.unreachedPopulation { fields.append(("unreached_population", number(u))) }
    return "{\n" + fields.map { "  \(jsonString($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n}\n"
}

/// A JSON string literal (the GeoJSON writer's escaping).
func jsonString(_ s: String) -> String {
    var out = ""
    GeoJSONWriter.appendString(s, to: &out)
    return out
}
