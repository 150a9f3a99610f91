import Districts
import Foundation
import Formats
import Model
import Scenarios

/// The outcome of `twinreach check`: what was found, every problem and every warning.
public struct CheckReport: Sendable {
    public var summary: [String]
    public var problems: [InputError]
    public var warnings: [InputError]

    /// 0 when there is no problem, else 66 when a file is missing, else 65.
    public var exitCode: Int32 { problems.isEmpty ? 0 : InputErrors(problems).exitCode }
}

public enum CheckCommand {
    /// Checks a district folder, or a scenario file and the district it names.
    public static func run(path: String, geo: any GeoServices = LibraryGeoServices()) -> CheckReport {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            return CheckReport(summary: [], problems: [InputError(.missingInput, file: path, .file, "no such district folder or scenario file")], warnings: [])
        }
        if isFolder.boolValue { return checkDistrict(path, geo: geo) }
        do {
            let scenario = try Scenario(path: path)
            var report = checkDistrict(scenario.districtPath, geo: geo)
            report.summary.insert("scenario \(scenario.name): \(scenario.changes.count) change(s) on \(scenario.districtPath)", at: 0)
            if let district = try? DistrictLoader.load(scenario.districtPath, geo: geo).get() {
                do {
                    _ = try ScenarioApplier.apply(scenario, to: district) { try DistrictLoader.load($0, geo: geo).get() }
                } catch let errors as InputErrors {
                    report.problems += errors.errors
                }
            }
            return report
        } catch let error as InputError {
            return CheckReport(summary: [], problems: [error], warnings: [])
        } catch let errors as InputErrors {
            return CheckReport(summary: [], problems: errors.errors, warnings: [])
        } catch {
            return CheckReport(summary: [], problems: [InputError(.internalError, file: path, .file, "\(error)")], warnings: [])
        }
    }

    static func checkDistrict(_ folder: String, geo: any GeoServices) -> CheckReport {
        let load = DistrictLoader.load(folder, geo: geo)
        var summary: [String] = []
        if let d = load.district {
            let population = d.cells.reduce(0) { $0 + $1.population }
            summary.append("district \(d.settings.name) (\(folder))")
            summary.append("cells: \(d.cells.count), population \(GeoJSONWriter.number(population.rounded()))")
            summary.append("subdistricts: \(d.subdistricts.count)")
            let halls = Tier.allCases.reversed().map { tier in "\(tier.rawValue) \(d.sites.filter { $0.kind == .hall && $0.tier == tier }.count)" }
            summary.append("sites: \(d.sites.count) (halls: \(halls.joined(separator: ", ")); kiosks \(d.sites.filter { $0.kind == .kiosk }.count))")
            summary.append("channels: \(d.channels.map { "\($0.id) (\($0.kind.rawValue))" }.joined(separator: ", "))")
            summary.append("service items: \(d.services.count)")
            summary.append("roads: \(d.roadsPath.map { ($0 as NSString).lastPathComponent } ?? "none (straight line × \(GeoJSONWriter.number(d.settings.detourFactor)))")")
        }
        return CheckReport(summary: summary, problems: load.problems, warnings: load.warnings)
    }
}
