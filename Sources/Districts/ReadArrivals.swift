import Foundation
import Formats
import Model
import Yams

/// The arrival profile keys: `arrivals` of district.yaml (`hours`: 24 weights, `days`: 7
/// weights Monday first, `appointment_share`) and the sites' own `arrival_hours` and
/// `appointment_share` properties.
extension DistrictLoader {
    /// `arrivals:` of district.yaml; errors name the line.
    func readArrivals(_ doc: YAMLDocument, _ mapping: CheckedMapping) throws -> ArrivalProfile {
        var profile = ArrivalProfile()
        if let hours = mapping["hours"] { profile.hourWeights = try weights(doc, hours, "arrivals.hours", count: 24) }
        if let days = mapping["days"] { profile.dayWeights = try weights(doc, days, "arrivals.days", count: 7) }
        if let share = mapping["appointment_share"] {
            profile.appointmentShare = try doc.number(share, "arrivals.appointment_share", in: 0...1)
        }
        return profile
    }

    /// A list of `count` relative weights, each ≥ 0 and finite, some > 0.
    func weights(_ doc: YAMLDocument, _ node: Node, _ key: String, count: Int) throws -> [Double] {
        guard let sequence = node.sequence else { throw doc.error(node, "\(key) must be a list of \(count) numbers") }
        let values = try sequence.map { try doc.number($0, key, in: 0...1e9) }
        guard values.count == count else {
            throw doc.error(node, "\(key) has \(values.count) weights; it needs \(count)\(count == 24 ? " (one per hour, 00:00 first)" : " (Monday first)")")
        }
        guard values.contains(where: { $0 > 0 }) else { throw doc.error(node, "\(key): every weight is 0; at least one must be above 0") }
        return values
    }

    /// A site's `arrival_hours` (24 numbers: a list, or text "w0;w1;…;w23") and
    /// `appointment_share` (0..1), each nil when absent; a problem message otherwise.
    static func siteArrivals(_ properties: [String: JSONValue]) -> (hours: [Double]?, share: Double?, problem: String?) {
        var hours: [Double]? = nil, share: Double? = nil
        if let value = properties["arrival_hours"], value != .null {
            let numbers: [Double?]
            if let list = value.array { numbers = list.map(\.number) } else if let text = value.string {
                numbers = text.split(separator: ";").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            } else { numbers = [] }
            let values = numbers.compactMap { $0 }
            guard values.count == numbers.count, values.count == 24, values.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1e9 }),
                  values.contains(where: { $0 > 0 }) else {
                return (nil, nil, "arrival_hours must be 24 weights >= 0, some above 0 (a list, or text \"w0;w1;…;w23\", 00:00 first)")
            }
            hours = values
        }
        if let value = properties["appointment_share"], value != .null {
            guard let n = value.number, (0...1).contains(n) else {
                return (nil, nil, "appointment_share must be a number in 0...1, not \(value.string.map { "'\($0)'" } ?? value.typeName)")
            }
            share = n
        }
        return (hours, share, nil)
    }
}
