import Districts
import Foundation
import Formats
import Model
import RoadGraphs
import Scenarios

/// The outcome of `twinreach check`: what was found, every problem and every warning.
public struct CheckReport: Sendable {
    public var summary: [String]
    public var problems: [InputError]
    public var warnings: [InputError]
    /// Problems found when more were found than listed (see `CheckCommand.capped`).
    public var counted: Int? = nil
    /// Problems found, including those only counted after the first `listedPerKind` of a kind.
    public var problemCount: Int { counted ?? problems.count }

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
                    _ = try ScenarioApplier.apply(scenario, to: district, geo: geo) { try DistrictLoader.load($0, geo: geo).get() }
                } catch let errors as InputErrors {
                    report.problems += errors.errors
                    report.counted = report.problemCount + errors.errors.count
                }
            }
            return report
        } catch let error as InputError {
            return CheckReport(summary: [], problems: [error], warnings: [])
        } catch let errors as InputErrors {
            return CheckReport(summary: [], problems: capped(errors.errors), warnings: [], counted: errors.errors.count)
        } catch {
            return CheckReport(summary: [], problems: [InputError(.internalError, file: path, .file, "\(error)")], warnings: [])
        }
    }

    static func checkDistrict(_ folder: String, geo: any GeoServices) -> CheckReport {
        let load = DistrictLoader.load(folder, geo: geo)
        var summary: [String] = []
        var problems = load.problems
        if let d = load.district {
            let population = d.cells.reduce(0) { $0 + $1.population }
            summary.append("district \(d.settings.name) (\(folder))")
            summary.append("cells: \(d.cells.count), population \(GeoJSONWriter.number(population.rounded()))")
            summary.append("subdistricts: \(d.subdistricts.count)")
            let halls = Tier.allCases.reversed().map { tier in "\(tier.rawValue) \(d.sites.filter { $0.kind == .hall && $0.tier == tier }.count)" }
            summary.append("sites: \(d.sites.count) (halls: \(halls.joined(separator: ", ")); kiosks \(d.sites.filter { $0.kind == .kiosk }.count))")
            summary.append("channels: \(d.channels.map { "\($0.id) (\($0.kind.rawValue))" }.joined(separator: ", "))")
            summary.append("service items: \(d.services.count)")
            if !load.defaultedSettings.isEmpty {
                summary.append("district.yaml defaults for: \(load.defaultedSettings.joined(separator: ", ")) (docs/district-format.md)")
            }
            if d.roadsPath == nil && d.travelMatrixPath == nil {
                summary.append("roads: none (straight line × \(GeoJSONWriter.number(d.settings.detourFactor)))")
            }
        }
        let settings = load.district?.settings ?? DistrictSettings(name: "")
        if let roads = ["roads.osm.pbf", "roads.osm"].map({ (folder as NSString).appendingPathComponent($0) })
            .first(where: { FileManager.default.fileExists(atPath: $0) }) {
            collect(into: &problems) {
                let ways = try RoadWays.read(osmPath: roads, settings: settings)
                let usable = RoadWays.inputs(ways, mode: settings.mode).count
                summary.append("roads: \(URL(fileURLWithPath: roads).lastPathComponent) (\(ways.count) road ways, \(usable) usable by \(settings.mode.rawValue))")
            }
        }
        if let dem = settings.dem {
            collect(into: &problems) {
                if let grid = try Terrain.load(settings: settings, covering: load.district?.boundary.bounds)?.grid {
                    summary.append("terrain: \(URL(fileURLWithPath: dem).lastPathComponent) (\(grid.width) × \(grid.height) heights)")
                }
            }
        }
        let matrix = (folder as NSString).appendingPathComponent("travel_matrix.csv")
        if FileManager.default.fileExists(atPath: matrix) {
            collect(into: &problems) {
                var origins = IdTable(minimumCapacity: load.district?.cells.count ?? 16)
                for cell in load.district?.cells ?? [] { _ = origins.insert(cell.id) }
                let pairs = try PairMatrixReader.read(path: matrix, origins: origins, destinations: IdTable(), unknownDestinations: .add)
                summary.append("travel matrix: travel_matrix.csv (\(pairs.pairCount) pairs from cells)")
            }
        }
        return CheckReport(summary: summary, problems: capped(problems), warnings: capped(load.warnings), counted: problems.count)
    }

    /// Runs one file's reader and records what it throws.
    static func collect(into problems: inout [InputError], _ body: () throws -> Void) {
        do { try body() } catch let error as InputError {
            problems.append(error)
        } catch let errors as InputErrors {
            problems.append(contentsOf: errors.errors)
        } catch {
            problems.append(InputError(.internalError, file: "check", .file, "\(error)"))
        }
    }

    /// How many problems of one kind in one file are listed before the rest are only counted.
    public static let listedPerKind = 50

    /// The first `listedPerKind` problems of each file and kind (the message with its quoted
    /// text and numbers taken out), then one line per file and kind, `FILE: ... and N more
    /// problems of the kind "duplicate id … (first at feature #)"`, so that a layer with a
    /// million duplicate ids reports in a screenful.
    static func capped(_ problems: [InputError]) -> [InputError] {
        struct Key: Hashable { var file: String; var kind: String }
        var counts: [Key: (count: Int, exit: InputError.Kind)] = [:]
        var order: [Key] = []
        var kept: [InputError] = []
        for problem in problems {
            let key = Key(file: problem.file, kind: problemKind(problem.message))
            let n = counts[key]?.count ?? 0
            if n == 0 { order.append(key) }
            counts[key] = (n + 1, problem.kind)
            if n < listedPerKind { kept.append(problem) }
        }
        for key in order {
            guard let (count, exit) = counts[key], count > listedPerKind else { continue }
            kept.append(InputError(exit, file: key.file, .file,
                                   "... and \(count - listedPerKind) more problems of the kind \"\(key.kind)\""))
        }
        return kept
    }

    /// A problem's kind: its message without quoted text and numbers ("duplicate id '…' (first at
    /// feature …)" for every duplicate id).
    static func problemKind(_ message: String) -> String {
        var kind = ""
        var quoted = false
        var lastWasNumber = false
        for c in message {
            if c == "'" { quoted.toggle(); if quoted { kind += "…" }; continue }
            if quoted { continue }
            if c.isNumber || (lastWasNumber && (c == "." || c == "e" || c == "+" || c == "-")) {
                if !lastWasNumber { kind += "#" }
                lastWasNumber = true
                continue
            }
            lastWasNumber = false
            kind.append(c)
        }
        return kind
    }
}
