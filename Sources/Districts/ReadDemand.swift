import Formats
import Model
import Yams

/// The demand groups' inputs: `time_of_day` and `establishments` of `district.yaml`, and the
/// establishments count of the population layer.
extension DistrictLoader {
    /// `time_of_day`: `working_share` (required), `working_hours`, `elderly_hours`, `others_hours`.
    func timeOfDay(_ doc: YAMLDocument, _ node: Node, _ map: CheckedMapping) throws -> TimeOfDaySettings {
        guard let share = map["working_share"] else {
            throw doc.error(node, "time_of_day needs 'working_share' (share of the residents under 65 who work office hours, 0..1)")
        }
        var settings = TimeOfDaySettings(workingShare: try doc.number(share, "time_of_day.working_share", in: 0...1))
        if let n = map["working_hours"] { settings.workingHours = try hours(doc, n, "time_of_day.working_hours") }
        if let n = map["elderly_hours"] { settings.elderlyHours = try hours(doc, n, "time_of_day.elderly_hours") }
        if let n = map["others_hours"] { settings.othersHours = try hours(doc, n, "time_of_day.others_hours") }
        return settings
    }

    /// `establishments`: `digital_share`, `hours`.
    func establishments(_ doc: YAMLDocument, _ map: CheckedMapping) throws -> EstablishmentSettings {
        var settings = EstablishmentSettings()
        if let n = map["digital_share"] { settings.digitalShare = try doc.number(n, "establishments.digital_share", in: 0...1) }
        if let n = map["hours"] { settings.hours = try hours(doc, n, "establishments.hours") }
        return settings
    }

    func hours(_ doc: YAMLDocument, _ node: Node, _ key: String) throws -> OpeningHours {
        let text = try doc.string(node, key)
        do { return try OpeningHours(parsing: text) } catch { throw doc.error(node, "\(key): bad opening hours: \(error)") }
    }

    /// A cell's `establishments` count (absent or null: 0).
    func establishmentCount(_ feature: PropertySlots) throws(ShareProblem) -> Double {
        guard let raw = feature["establishments"], raw != .null else { return 0 }
        guard let number = raw.number else { throw ShareProblem(message: "establishments must be a number, not \(raw.typeName)") }
        return try Self.checkedEstablishments(number)
    }

    static func checkedEstablishments(_ number: Double) throws(ShareProblem) -> Double {
        guard number.isFinite, number >= 0 else { throw ShareProblem(message: "establishments is \(number.cleanText); it must be >= 0") }
        guard number <= InputLimits.maxPopulation else {
            throw ShareProblem(message: "establishments is \(number.cleanText); at most 1e10 in one cell")
        }
        return number
    }
}
