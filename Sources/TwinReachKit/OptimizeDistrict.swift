import Districts
import Foundation
import Formats
import Model
import RoadGraphs
import Siting
import Travel

/// `optimize --model twin --district DIR` without `--population`, `--matrix` and
/// `--candidates`: everything comes from the district, as the scenario's `optimize` step takes
/// it. Demand: its cells with residents; travel: its `travel_matrix.csv`, else its roads (from
/// the store when current), else straight lines, within the run's cut-off (twice the larger
/// threshold, at least 60 minutes); candidates: `candidates.geojson`, else cell centroids one
/// per 1,000 m square (ids `cell:<cell id>`); every site of the district is kept open. Writes
/// the same JSON as the CSV form.
func optimizeFromDistrict(_ request: OptimizeRequest, model: SitingModel, started: Date) throws -> OptimizeReport {
    guard case .twin(let p, _) = model, let folder = request.districtPath else {
        throw InputError(.usage, file: "optimize", .file, "--model \(model.name) needs --population, --matrix and --candidates")
    }
    let outputInputs: [OutputFolder.Input] = [("the district folder", folder)]
    try OutputFile.optimize.checkReplaceable(request.outputPath, inputs: outputInputs)
    let district = try DistrictLoader.load(folder, geo: LibraryGeoServices()).get()
    let cutoff = try RunCommand.choiceCutoffMinutes(asked: nil, settings: district.settings)
    let context = try TravelContext(district: district, cutoffMinutes: cutoff, threads: request.threads, progress: { _ in }) { roads in
        try RoadGraphSource().network(roadsPath: roads, folder: folder, settings: district.settings, progress: { _ in }).0
    }
    let candidates = ScenarioOptimizer.districtCandidates(district)
    guard !candidates.isEmpty else { throw InputError(file: folder, .file, "optimize: no candidate sites (no cell has residents)") }
    let (instance, demandCells) = try ScenarioOptimizer.sitingInstance(district: district, candidates: candidates,
                                                                        existing: district.sites, context: context)
    let twin = try twinModel(p: p, request: request, instance: instance, cells: demandCells, district: district)
    let result = try SiteSelection.solve(instance, model: twin, options: SitingOptions(threads: request.threads))
    let report = OptimizeReport(model: twin, result: result, selectedIDs: result.selected.map { candidates[$0].id },
                                fixedIDs: district.sites.map(\.id), demandCells: instance.cellCount, candidates: candidates.count,
                                pairsUsed: instance.pairCount, pairsSkipped: 0, seconds: Date().timeIntervalSince(started))
    try OutputFile.optimize.checkReplaceable(request.outputPath, inputs: outputInputs)
    try AtomicFile.write(optimizeJSON(report), to: request.outputPath)
    return report
}
