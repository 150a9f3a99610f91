import Formats
import Model
import Yams

/// `arrivals`: when residents arrive, so that the queues are computed hour by hour (README
/// "Queues, peaks and overload"). Without `sites` it sets the district's profile
/// (`district.yaml`'s `arrivals`: `hours`, 24 weights 00:00 first; `days`, 7 weights Monday
/// first; `appointment_share`), each field given replacing the district's (or the even
/// default); with `sites` it sets those sites' own `arrival_hours` and `appointment_share`
/// (the day weights stay the district's: they have no per-site form).
public struct Arrivals: ScenarioChange {
    static let key = "arrivals"
    public var sites: [String]?
    public var hourWeights: [Double]?
    public var dayWeights: [Double]?
    public var appointmentShare: Double?

    static func parse(from body: ChangeBody) throws -> Arrivals {
        let m = try body.fields(["hours", "days", "appointment_share", "sites"])
        let change = Arrivals(
            sites: try body.optionalStrings(m, "sites"),
            hourWeights: try m["hours"].map { try weights(body, $0, "hours", count: 24) },
            dayWeights: try m["days"].map { try weights(body, $0, "days", count: 7) },
            appointmentShare: try body.optionalNumber(m, "appointment_share", in: 0...1))
        if let sites = change.sites {
            if sites.isEmpty { throw body.error(m["sites"], "\(key): 'sites' lists no site") }
            if change.dayWeights != nil {
                throw body.error(m["days"], "\(key): 'days' is the district's (one week for every site); give it in an arrivals change without 'sites'")
            }
            if change.hourWeights == nil && change.appointmentShare == nil {
                throw body.error(body.node, "\(key): with 'sites' it needs 'hours' or 'appointment_share'")
            }
        }
        return change
    }

    /// `count` relative weights, each a number in 0...1e9, some above 0 (the rule of
    /// `district.yaml`'s `arrivals`, with the same wording).
    static func weights(_ body: ChangeBody, _ node: Node, _ field: String, count: Int) throws -> [Double] {
        let name = "\(key).\(field)"
        guard let sequence = node.sequence else { throw body.error(node, "\(name) must be a list of \(count) numbers") }
        let values = try sequence.map { try body.doc.number($0, name, in: 0...1e9) }
        guard values.count == count else {
            let order = count == 24 ? " (one per hour, 00:00 first)" : " (Monday first)"
            throw body.error(node, "\(name) has \(values.count) weights; it needs \(count)\(order)")
        }
        guard values.contains(where: { $0 > 0 }) else {
            throw body.error(node, "\(name): every weight is 0; at least one must be above 0")
        }
        return values
    }

    func check(against district: District) -> String? {
        let known = district.sites.map(\.id)
        let unknown = (sites ?? []).filter { !known.contains($0) }
        guard let first = unknown.first else { return nil }
        guard unknown.count == 1 else { return "unknown sites \(unknown.map { "'\($0)'" }.joined(separator: ", "))" }
        return "unknown site '\(first)'\(Suggestion.phrase(for: first, among: known))"
    }

    func apply(to state: inout ScenarioState) {
        if let sites {
            for k in state.district.sites.indices where sites.contains(state.district.sites[k].id) {
                if let hourWeights { state.district.sites[k].arrivalHours = hourWeights }
                if let appointmentShare { state.district.sites[k].appointmentShare = appointmentShare }
            }
            state.log("arrivals of \(sites.joined(separator: ", ")): \(description(hours: hourWeights, days: nil, share: appointmentShare))")
            return
        }
        var profile = state.district.settings.arrivals ?? ArrivalProfile()
        if let hourWeights { profile.hourWeights = hourWeights }
        if let dayWeights { profile.dayWeights = dayWeights }
        if let appointmentShare { profile.appointmentShare = appointmentShare }
        state.district.settings.arrivals = profile
        state.log("arrivals: \(description(hours: profile.hourWeights, days: profile.dayWeights, share: profile.appointmentShare))")
    }

    /// "busiest hour 10:00-11:00, busiest day Monday, 20 % booked".
    func description(hours: [Double]?, days: [Double]?, share: Double?) -> String {
        var parts: [String] = []
        if let hours, let h = Self.busiest(hours) {
            parts.append(hours.allSatisfy { $0 == hours[0] } ? "even over the hours" : "busiest hour \(Self.clock(h))-\(Self.clock(h + 1))")
        }
        if let days, let d = Self.busiest(days) {
            let names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
            parts.append(days.allSatisfy { $0 == days[0] } ? "even over the days" : "busiest day \(names[d])")
        }
        if let share { parts.append("\(GeoJSONWriter.number((share * 1000).rounded() / 10)) % booked") }
        return parts.joined(separator: ", ")
    }

    /// The first index of the largest weight.
    static func busiest(_ weights: [Double]) -> Int? {
        guard let top = weights.max() else { return nil }
        return weights.firstIndex(of: top)
    }

    static func clock(_ hour: Int) -> String { hour < 10 ? "0\(hour):00" : "\(hour):00" }
}
