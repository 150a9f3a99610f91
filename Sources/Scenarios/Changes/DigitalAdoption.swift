import Model
import Yams

/// `digital_adoption`: the digital adoption rate of adults, the elderly or both, set or shifted.
public struct DigitalAdoption: ScenarioChange {
    static let key = "digital_adoption"
    public var group: AdoptionGroup
    public var set: Double?
    public var add: Double?

    static func parse(from body: ChangeBody) throws -> DigitalAdoption {
        let m = try body.fields(["group", "set", "add"])
        let groupNode = try body.required(m, "group")
        let text = try body.doc.string(groupNode, "group")
        guard let group = AdoptionGroup(rawValue: text) else { throw body.error(groupNode, "digital_adoption: unknown group '\(text)' (adults, elderly or all)") }
        let set = try body.optionalNumber(m, "set", in: 0...1)
        let add = try body.optionalNumber(m, "add", in: -1...1)
        guard (set == nil) != (add == nil) else { throw body.error(body.node, "digital_adoption needs exactly one of 'set' or 'add'") }
        return DigitalAdoption(group: group, set: set, add: add)
    }

    func apply(to state: inout ScenarioState) {
        Self.applyAdoption(&state.district, group: group, set: set, add: add)
        state.log("digital adoption of \(group.rawValue) \(set.map { "set to \($0)" } ?? "changed by \(add ?? 0)")")
    }

    /// Digital shares follow `digital = (1 − e)·adults + e·elderly`: a group's new rate shifts
    /// every cell by its share of that group times the change of the rate.
    static func applyAdoption(_ d: inout District, group: AdoptionGroup, set: Double?, add: Double?) {
        let oldAdults = d.settings.digitalAdoptionAdults, oldElderly = d.settings.digitalAdoptionElderly
        func updated(_ old: Double) -> Double { min(1, max(0, set ?? (old + (add ?? 0)))) }
        let newAdults = group == .elderly ? oldAdults : updated(oldAdults)
        let newElderly = group == .adults ? oldElderly : updated(oldElderly)
        d.settings.digitalAdoptionAdults = newAdults
        d.settings.digitalAdoptionElderly = newElderly
        for i in d.cells.indices {
            let e = d.cells[i].elderlyShare
            let shift = (1 - e) * (newAdults - oldAdults) + e * (newElderly - oldElderly)
            d.cells[i].digitalShare = min(1, max(0, d.cells[i].digitalShare + shift))
        }
    }
}

public enum AdoptionGroup: String, Sendable {
    case adults, elderly, all
}
