import Districts
import Foundation
import Formats
import Geometry
import Maps
import Model
import Projection
import Reporting
import RoadGraphs
import Scenarios
import Travel
import TwinSpace

/// Options of `twinreach run`.
public struct RunOptions: Sendable {
    public var scenarioPath: String
    /// Output folder; default `out/<scenario name>` in the current folder. It may replace only
    /// an empty folder or an earlier run's (see `OutputFolder`).
    public var outPath: String?
    public var threads: Int
    /// The channel choice considers only sites within this many minutes of a cell (road network,
    /// straight line and `travel_matrix.csv` alike). Nearest-site minutes, coverage and their
    /// figures are not cut. Default: twice the larger threshold, at least 60 minutes.
    public var travelCutoffMinutes: Double?
    /// Told counts within long steps (searches done, choice iterations) for a progress bar.
    public var counter: (@Sendable (_ step: String, _ done: Int, _ total: Int) -> Void)?
    /// Where the road graph comes from: the district's store when current, else its OSM file.
    public var roadGraphs = RoadGraphSource()
    /// Write `cells.geojson` whatever the district's size (`--cells-geojson`); by default it is
    /// written up to `RunOutputs.cellsGeoJSONLimit` cells (beyond, the cells are in `layers.gpkg`).
    public var cellsGeoJSON = false
    /// The cell count above which `cells.geojson` is left out (tests lower it).
    var cellsGeoJSONLimit = RunOutputs.cellsGeoJSONLimit

    public init(scenarioPath: String, outPath: String? = nil, threads: Int = 2, travelCutoffMinutes: Double? = nil) {
        self.scenarioPath = scenarioPath; self.outPath = outPath; self.threads = threads
        self.travelCutoffMinutes = travelCutoffMinutes
    }
}

/// What a run produced, for the CLI to print and for callers (compare, tests) to use.
public struct RunOutcome: Sendable {
    public var outPath: String
    public var summary: RunSummary
    public var cellResults: [TwinCellResult]
    public var siteResults: [TwinSiteResult]
    public var district: District
    /// Where the road graph came from (nil: no road network, straight lines or a matrix).
    public var roadGraph: RoadGraphSource.Origin?
}

public enum RunCommand {
    public static func run(_ options: RunOptions, progress: (String) -> Void = { _ in }) throws -> RunOutcome {
        try refuseFolder(options.scenarioPath)
        return try run(options, scenario: try Scenario(path: options.scenarioPath), progress: progress)
    }

    /// Runs a parsed scenario (a batch gives each district's copy of its scenario).
    static func run(_ options: RunOptions, scenario: Scenario, progress: (String) -> Void = { _ in }) throws -> RunOutcome {
        let out = options.outPath ?? "out/\(scenario.name)"
        let inputs = runInputs(scenario)
        try OutputFolder.run.prepare(out, inputs: inputs)
        try MemoryEstimate.of(district: scenario.districtPath).requireFits(district: scenario.districtPath)
        // The roads are read beside the population and sites (two inputs, two cores).
        let prefetch = RoadPrefetch.start(folder: scenario.districtPath, threads: options.threads, source: options.roadGraphs)
        defer { prefetch?.wait() }
        var travelOptions = options  // the travel step takes the prefetched roads
        travelOptions.roadGraphs = prefetch?.source(options.roadGraphs) ?? options.roadGraphs
        FreedMemory.keepLargeArraysApart()
        let load = DistrictLoader.load(scenario.districtPath, geo: LibraryGeoServices())
        let applied = try ScenarioApplier.apply(scenario, to: try load.get(), geo: LibraryGeoServices()) { path in
            try DistrictLoader.load(path, geo: LibraryGeoServices()).get()
        }
        var district = applied.district
        var warnings = load.warnings.map(\.description)
        let settings = district.settings
        progress("loaded \(district.cells.count) cells and \(district.sites.count) sites")
        FreedMemory.release() // the parsed features

        // Travel, resident to site, and the channel choice. The road graph and the cells' snaps
        // are released when the travel step returns, the travel pairs when the choice is made
        // (the summaries and outputs need neither).
        var changeLog = applied.log
        let sitesBeforeOptimize = district.sites.count
        var parameters = TwinParameters(settings: settings)
        parameters.threads = options.threads
        parameters.crossDistrict = applied.crossDistrict
        let travel: RunTravel, result: TwinResult
        do {
            let input: TwinInput
            (travel, input) = try travelStage(travelOptions, scenario: scenario, applied: applied, parameters: parameters, district: &district,
                                              changeLog: &changeLog, warnings: &warnings, progress: progress)
            FreedMemory.release()
            let maxIterations = parameters.maxIterations, counter = options.counter
            result = try TwinModel.solve(input, parameters: parameters) { iteration, _ in
                counter?("channel choice (iterations, at most)", iteration, maxIterations)
            }
        }
        FreedMemory.release()
        progress("channel choice: \(result.convergence.converged ? "converged" : "NOT converged") after \(result.convergence.iterations) iteration(s)")
        if !result.convergence.converged {
            warnings.append("the wait fixed point did not converge in \(result.convergence.iterations) iterations (last change \(result.convergence.lastMaxChangeMinutes) min)")
        }

        // Summaries per district and subdistrict.
        let membership = try subdistrictOfCells(district)
        progress("cells placed in subdistricts")
        let outside = membership.filter { $0 == nil }.count
        if outside > 0 && !district.subdistricts.isEmpty {
            warnings.append("\(outside) cell(s) lie in no subdistrict: counted in the district figures only")
        }
        if let note = HTMLCells.degradedNote(cells: district.cells.count) { warnings.append(note) }
        let cellsGeoJSON = cellsGeoJSONRule(options, cells: district.cells.count, warnings: &warnings)
        // The summaries are made by the outputs' first job while `layers.gpkg` writes its cells,
        // which need none of them.
        let travelText = travel.description, unreachable = travel.unreachableCells, tolerance = parameters.toleranceMinutes
        let summary = try RunOutputs.write(to: out, inputs: inputs, scenario: scenario.name, district: district, membership: membership,
                                           summary: { [district, changeLog, warnings] in
            try runSummary(scenario: scenario.name, district: district, membership: membership, result: result, travel: travelText,
                           unreachableCells: unreachable, toleranceMinutes: tolerance, changes: changeLog, warnings: warnings,
                           placedFrom: sitesBeforeOptimize)
        }, result: result, cellsGeoJSON: cellsGeoJSON, counter: options.counter, progress: progress, threads: options.threads)
        progress("wrote \(out)")
        return RunOutcome(outPath: out, summary: summary, cellResults: result.cells, siteResults: result.sites, district: district,
                          roadGraph: travel.graphOrigin)
    }

    /// The run's summary: the district's and each subdistrict's figures, the halls, queues,
    /// bundles and the sites placed by optimize steps (those from `placedFrom` on).
    static func runSummary(scenario: String, district: District, membership: [Int?], result: TwinResult, travel: String,
                           unreachableCells: Int, toleranceMinutes: Double, changes: [String], warnings: [String],
                           placedFrom: Int) throws -> RunSummary {
        let settings = district.settings
        let (whole, parts) = areaSummaries(district, membership: membership, result: result)
        var summary = RunSummary(
            scenario: scenario, districtName: settings.name,
            hallThresholdMinutes: settings.hallThresholdMinutes, kioskThresholdMinutes: settings.kioskThresholdMinutes,
            travel: travel, district: whole, subdistricts: parts,
            halls: Summaries.halls(sites: district.sites, results: result.sites),
            worstToBestTravelRatio: Summaries.worstToBest(parts), convergence: result.convergence,
            unreachableCells: unreachableCells, changes: changes, warnings: warnings)
        summary.placements = try placements(of: district.sites[placedFrom...], in: district)
        summary.convergenceToleranceMinutes = toleranceMinutes
        summary.bundles = Summaries.bundles(district, items: result.items)
        addQueues(to: &summary, district: district, result: result)
        summary.demandGroups = result.demandGroups
        return summary
    }

    /// The twin space's input: the district, its travel, the 跨区通办 districts of cells and sites,
    /// and the uncapped nearest hall and kiosk minutes by the model's rules.
    static func twinInput(_ district: District, applied: AppliedScenario, travel: SparseTravel, parameters: TwinParameters,
                          context: TravelContext) throws -> TwinInput {
        var input = TwinInput(cells: district.cells, items: district.servicesWithTierFailures, sites: district.sites, channels: district.channels,
                              travel: travel)
        if applied.siteDistrict.contains(where: { $0 != 0 }) {
            input.cellDistrict = district.cells.map { _ in 0 }
            // Sites placed by optimize steps are the district's own (appended after the others).
            input.siteDistrict = applied.siteDistrict + Array(repeating: 0, count: district.sites.count - applied.siteDistrict.count)
        }
        // The model names its site sets (kiosks, halls, per district where halls serve only
        // their own): asked once to learn them, the sets are searched side by side, then the
        // model is given their minutes in the order it asks for them.
        var sets: [[Int]] = []
        _ = TwinModel.nearestMinutes(input, parameters: parameters) { indices in
            sets.append(indices)
            return [Double](repeating: .infinity, count: district.cells.count)
        }
        let minutes = try context.nearestMinutes(toEach: sets, of: (district.sites.map(\.location), district.sites.map(\.id)), travel: travel)
        var asked = 0
        input.nearest = TwinModel.nearestMinutes(input, parameters: parameters) { _ in
            defer { asked += 1 }
            return asked < minutes.count ? minutes[asked] : []
        }
        return input
    }

    /// The channels' queues, the demand overloaded sites cannot serve, and whether queues were hourly.
    static func addQueues(to summary: inout RunSummary, district: District, result: TwinResult) {
        summary.channels = Summaries.channels(district.channels, results: result.channels)
        summary.overload = Summaries.overload(sites: district.sites, results: result.sites,
                                              demand: result.cells.reduce(0) { $0 + $1.completionsPerYear },
                                              population: summary.district.population)
        summary.overload.shares = result.overload
        summary.overload.gapPopulation = summary.district.overloadGapPopulation
        summary.hourlyQueues = district.settings.arrivals != nil
            || district.sites.contains { $0.arrivalHours != nil || $0.appointmentShare != nil }
    }

    /// Whether `cells.geojson` is written (`RunOutputs.cellsGeoJSONLimit`); the note when not.
    static func cellsGeoJSONRule(_ options: RunOptions, cells: Int, warnings: inout [String]) -> Bool {
        let written = RunOutputs.writesCellsGeoJSON(cells: cells, asked: options.cellsGeoJSON, limit: options.cellsGeoJSONLimit)
        if let note = RunOutputs.cellsGeoJSONNote(cells: cells, written: written, limit: options.cellsGeoJSONLimit) { warnings.append(note) }
        return written
    }

    /// `run` takes a scenario file: given a folder (a district's, most often), say so and show
    /// the three-line scenario that runs it (exit 64), rather than a file-reading error.
    static func refuseFolder(_ path: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return }
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        guard FileManager.default.fileExists(atPath: (trimmed as NSString).appendingPathComponent("district.yaml")) else {
            throw InputError(.usage, file: trimmed, .file, "is a folder; `twinreach run` takes a scenario file (.yaml)")
        }
        let name = URL(fileURLWithPath: trimmed).standardizedFileURL.lastPathComponent
        throw InputError(.usage, file: trimmed, .file, """
            is a district folder; `twinreach run` takes a scenario file. Write one, e.g. \(name)-baseline.yaml here:
              name: \(name)-baseline
              district: \(trimmed)
              changes: []
            then run `twinreach run \(name)-baseline.yaml` (`twinreach check \(trimmed)` checks the district alone)
            """)
    }

    /// What no output folder may be or hold: the scenario file and the district folders it reads.
    static func runInputs(_ scenario: Scenario) -> [OutputFolder.Input] {
        let inputs: [OutputFolder.Input] = [("the scenario file", scenario.path), ("the district folder", scenario.districtPath)]
        return inputs + scenario.neighbourDistrictPaths.map { ("the district folder", $0) }
    }

    /// The cut-off of the choice's travel pairs: as asked, or twice the larger threshold (at least
    /// 60 min). One below a threshold is refused: coverage (uncapped nearest minutes) would count
    /// sites within the threshold that the channel choice and the gaps could not see.
    static func choiceCutoffMinutes(asked: Double?, settings: DistrictSettings) throws -> Double {
        let largestThreshold = max(settings.hallThresholdMinutes, settings.kioskThresholdMinutes)
        guard let asked else { return max(60, 2 * largestThreshold) }
        guard asked >= largestThreshold else {
            throw InputError(.usage, file: "--max-travel-minutes", .file,
                             "\(GeoJSONWriter.number(asked)) min is below the larger threshold (\(GeoJSONWriter.number(largestThreshold)) min): the channel choice would not see sites that coverage counts; give at least \(GeoJSONWriter.number(largestThreshold))")
        }
        return asked
    }

    /// The summaries of the whole district and of each subdistrict (`membership`: each cell's subdistrict).
    static func areaSummaries(_ district: District, membership: [Int?], result: TwinResult, threads: Int = 1) -> (AreaSummary, [AreaSummary]) {
        let hall = district.settings.hallThresholdMinutes, kiosk = district.settings.kioskThresholdMinutes
        // Each subdistrict's cells gathered in one pass (not one pass over every cell per subdistrict).
        var members = Array(repeating: [Int](), count: district.subdistricts.count)
        for (i, n) in membership.enumerated() { if let n, members.indices.contains(n) { members[n].append(i) } }
        // The areas are independent: summarised on the run's threads, the whole district (area 0) first.
        let whole = Array(district.cells.indices)
        let areas = RunOutputs.concurrentMap(1 + district.subdistricts.count, threads: threads) { [members] k in
            let (id, name) = k == 0 ? ("district", district.settings.name) : (district.subdistricts[k - 1].id, district.subdistricts[k - 1].name)
            return Summaries.area(id: id, name: name, members: k == 0 ? whole : members[k - 1], cells: district.cells,
                                  results: result.cells, hallThresholdMinutes: hall, kioskThresholdMinutes: kiosk)
        }
        return (areas[0], Array(areas.dropFirst()))
    }

    /// Where the sites placed by optimize steps are: coordinates and subdistrict.
    static func placements(of sites: ArraySlice<Site>, in district: District) throws -> [SitePlacement] {
        guard !sites.isEmpty else { return [] }
        let index = district.subdistricts.isEmpty ? nil : try PolygonIndex(district.subdistricts.map(\.area))
        return try sites.map { site in
            let sub = try index?.firstPolygonCovering(site.location).map { district.subdistricts[$0] }
            return SitePlacement(id: site.id, kind: site.kind, tier: site.tier, location: site.location,
                                 subdistrictId: sub?.id, subdistrictName: sub?.name)
        }
    }

    /// The subdistrict of each cell (by its centroid; on a shared edge, the first listed), or nil.
    static func subdistrictOfCells(_ district: District) throws -> [Int?] {
        guard !district.subdistricts.isEmpty else { return district.cells.map { _ in nil } }
        let index = try PolygonIndex(district.subdistricts.map(\.area))
        return try district.cells.map { try index.firstPolygonCovering($0.centroid) }
    }
}
