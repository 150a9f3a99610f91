import Districts
import Foundation
import Model

/// A generated district written to a fresh folder (with its road grid unless told otherwise)
/// and a scenario file without changes beside it; returns the scenario's path.
public func generatedScenario(cellsX: Int, cellsY: Int, seed: UInt64, name: String, roads: Bool = true,
                              edit: (inout District) -> Void = { _ in }) throws -> URL {
    let root = try Paths.scratch()
    var options = SyntheticOptions()
    options.cellsX = cellsX
    options.cellsY = cellsY
    options.seed = seed
    var generated = SyntheticGenerator.generate(options)
    edit(&generated.district)
    let folder = root.appendingPathComponent("district")
    try DistrictWriter.write(generated.district, to: folder.path)
    if roads { try generated.roadsOSMXML.write(to: folder.appendingPathComponent("roads.osm"), atomically: true, encoding: .utf8) }
    let file = root.appendingPathComponent("\(name).yaml")
    try "name: \(name)\ndistrict: district\n".write(to: file, atomically: true, encoding: .utf8)
    return file
}
