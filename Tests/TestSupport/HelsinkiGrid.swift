import Foundation
import Model

/// The real Helsinki population grid in ../shared/data (92 cells of 250 m x 250 m in EPSG:3879,
/// stored as WGS 84 lon/lat; see SOURCES.md), read with Foundation only so that owner-module
/// tests can use it without the Formats module.
public enum HelsinkiGrid {
    public struct Cell: Sendable {
        public let id: Int
        public let population: Int
        /// The exterior ring, lon/lat, closed.
        public let ring: [XY]
        /// The centroid from helsinki_population_points_2020.csv (computed in EPSG:3879).
        public let centroid: XY
    }

    /// The cells sorted by id, or nil when the shared data is absent outside CI.
    public static func cells() throws -> [Cell]? {
        guard let grid = try Paths.sharedFile("data/helsinki_population_grid_2020.geojson"),
              let points = try Paths.sharedFile("data/helsinki_population_points_2020.csv") else { return nil }
        var centroids: [Int: XY] = [:]
        for line in try String(contentsOf: points, encoding: .utf8).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map { String($0) }
            guard f.count == 4, let id = Int(f[0]), let lon = Double(f[2]), let lat = Double(f[3]) else {
                throw BadSharedData(what: "points line \(line)")
            }
            centroids[id] = XY(lon, lat)
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: grid))
        guard let features = (json as? [String: Any])?["features"] as? [[String: Any]] else {
            throw BadSharedData(what: "grid features")
        }
        var cells: [Cell] = []
        for feature in features {
            guard let properties = feature["properties"] as? [String: Any],
                  let id = properties["id"] as? Int, let population = properties["population"] as? Int,
                  let geometry = feature["geometry"] as? [String: Any],
                  let rings = geometry["coordinates"] as? [[[Double]]], let exterior = rings.first,
                  let centroid = centroids[id] else {
                throw BadSharedData(what: "grid feature")
            }
            cells.append(Cell(id: id, population: population, ring: exterior.map { XY($0[0], $0[1]) },
                              centroid: centroid))
        }
        return cells.sorted { $0.id < $1.id }
    }

    public struct BadSharedData: Error, CustomStringConvertible {
        public let what: String
        public var description: String { "unexpected shared data: \(what)" }
    }
}
