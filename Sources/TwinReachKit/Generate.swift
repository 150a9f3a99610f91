import Districts
import Formats
import Foundation
import Model

public enum GenerateCommand {
    /// Writes a synthetic district folder (with `roads.osm` and the `.twinreach-generate` marker)
    /// and returns a one-line summary. `gcj02`: site and cell coordinates written in GCJ-02, as
    /// Chinese web-map data comes. It replaces only an empty folder or one generate wrote (see
    /// `OutputFolder`).
    public static func run(options: SyntheticOptions, out: String, gcj02: Bool) throws -> String {
        try OutputFolder.generate.prepare(out, inputs: [])
        var generated = SyntheticGenerator.generate(options)
        if gcj02 {
            generated.district = try LibraryGeoServices().convertDistrict(generated.district, toCRS: "GCJ-02")
        }
        try OutputFolder.generate.write(to: out, inputs: []) { staging in
            try DistrictWriter.write(generated.district, to: staging)
            try AtomicFile.write(generated.roadsOSMXML, to: (staging as NSString).appendingPathComponent("roads.osm"))
        }
        let d = generated.district
        let population = d.cells.reduce(0) { $0 + $1.population }
        return "wrote \(out): \(d.cells.count) cells, population \(Int(population)), \(d.subdistricts.count) subdistricts, \(d.sites.count) sites, \(generated.roadNodeCount) road nodes"
    }
}
