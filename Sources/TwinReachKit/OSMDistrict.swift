import OSMDistricts

/// `twinreach osm-district`: a sample district folder from an OpenStreetMap extract and a CSV of
/// published subdistrict totals. The work is `OSMDistrictBuilder`'s (module OSMDistricts).
public enum OSMDistrictCommand {
    public typealias Options = OSMDistrictBuilder.Options
    public typealias Report = OSMDistrictBuilder.Report

    /// Builds the district into the folder `o.out`, marked `.twinreach-osm-district`; it replaces
    /// only an empty folder or one osm-district wrote (see `OutputFolder`).
    public static func run(_ o: Options) throws -> Report {
        var inputs: [OutputFolder.Input] = [("the extract", o.extract)]
        if let totals = o.totals { inputs.append(("the totals file", totals)) }
        if let grid = o.populationGrid { inputs.append(("the population grid", grid)) }
        try OutputFolder.osmDistrict.prepare(o.out, inputs: inputs)
        return try OSMDistrictBuilder.run(o) { body in
            try OutputFolder.osmDistrict.write(to: o.out, inputs: inputs, body: body)
        }
    }
}
