import Foundation

/// Writes `rows` (top row first) as a GeoTIFF with gdal_translate: pixels of `pixel` degrees
/// from the upper-left corner (`west`, `north`), EPSG:4326 unless `srs` says otherwise.
public func writeGeoTIFF(_ rows: [[Double]], west: Double, north: Double, pixel: Double, nodata: Double? = nil,
                  srs: String = "EPSG:4326", to path: String) throws {
    var asc = "ncols \(rows[0].count)\nnrows \(rows.count)\nxllcorner \(west)\nyllcorner \(north - pixel * Double(rows.count))\n"
    asc += "cellsize \(pixel)\n" + (nodata.map { "NODATA_value \($0)\n" } ?? "")
    asc += rows.map { $0.map { String($0) }.joined(separator: " ") }.joined(separator: "\n") + "\n"
    let ascPath = path + ".asc"
    try asc.write(toFile: ascPath, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: ascPath) }
    let result = try Tool.run(["-q", "-ot", "Float32", "-a_srs", srs, "-of", "GTiff", "-co", "COMPRESS=DEFLATE", ascPath, path],
                              program: URL(fileURLWithPath: "/usr/bin/gdal_translate"))
    guard result.status == 0 else { throw ToolFailure(description: "gdal_translate: \(result.stderr)") }
}

public struct ToolFailure: Error, CustomStringConvertible {
    public let description: String
}
