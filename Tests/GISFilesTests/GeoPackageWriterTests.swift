import Foundation
import Model
import Testing
@testable import GISFiles

@Suite struct GeoPackageWriterTests {
    /// A GeoPackage that cannot be created is an I/O error naming the file, and leaves nothing.
    @Test func aFolderThatIsNotThereIsAnIOErrorNamingTheFile() throws {
        let path = "/nonexistent-\(UUID().uuidString)/layers.gpkg"
        do {
            _ = try GeoPackageWriter(path: path, timestamp: "2000-01-01T00:00:00.000Z")
            Issue.record("created \(path)")
        } catch let error as InputError {
            #expect(error.kind == .ioError)
            #expect(error.description.hasPrefix("\(path): cannot be created: "), "\(error)")
        }
    }

    /// A layer whose row has the wrong number of values is refused, not written short.
    @Test func aRowOfTheWrongLengthIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gisfiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("t.gpkg").path
        let writer = try GeoPackageWriter(path: path, timestamp: "2000-01-01T00:00:00.000Z")
        let layer = try writer.addLayer("points", geometry: .point, fields: [GeoPackageField("id", .text), GeoPackageField("n", .integer)])
        try writer.write(layer, geometry: .point(XY(1.5, 42.5)), values: [.text("a"), .integer(3)])
        #expect(throws: InputError.self) { try writer.write(layer, geometry: nil, values: [.text("b")]) }
        try writer.finish()
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["t.gpkg"])
    }
}
