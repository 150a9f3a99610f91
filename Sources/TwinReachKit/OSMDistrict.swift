import OSMDistricts

/// `twinreach osm-district`: a sample district folder from an OpenStreetMap extract and a CSV of
/// published subdistrict totals. The work is `OSMDistrictBuilder`'s (module OSMDistricts).
public enum OSMDistrictCommand {
    public typealias Options = OSMDistrictBuilder.Options
    public typealias Report = OSMDistrictBuilder.Report

    public static func run(_ o: Options) throws -> Report { try OSMDistrictBuilder.run(o) }
}
