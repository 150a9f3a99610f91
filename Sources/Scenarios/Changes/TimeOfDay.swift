import Model
import Yams

/// `time_of_day`: demand segments with their own windows (working adults, the elderly, others)
/// switched on or changed; fields as `district.yaml`'s `time_of_day`, each optional when the
/// district already sets one.
public struct TimeOfDay: ScenarioChange {
    static let key = "time_of_day"
    public var workingShare: Double?
    public var workingHours: OpeningHours?
    public var elderlyHours: OpeningHours?
    public var othersHours: OpeningHours?

    static func parse(from body: ChangeBody) throws -> TimeOfDay {
        let m = try body.fields(["working_share", "working_hours", "elderly_hours", "others_hours"])
        return TimeOfDay(workingShare: try body.optionalNumber(m, "working_share", in: 0...1),
                         workingHours: try m["working_hours"].map(body.hours), elderlyHours: try m["elderly_hours"].map(body.hours),
                         othersHours: try m["others_hours"].map(body.hours))
    }

    func check(against district: District) -> String? {
        guard workingShare == nil, district.settings.timeOfDay == nil else { return nil }
        return "needs 'working_share': the district sets no time_of_day"
    }

    func apply(to state: inout ScenarioState) {
        var settings = state.district.settings.timeOfDay ?? TimeOfDaySettings(workingShare: workingShare ?? 0)
        if let workingShare { settings.workingShare = workingShare }
        if let workingHours { settings.workingHours = workingHours }
        if let elderlyHours { settings.elderlyHours = elderlyHours }
        if let othersHours { settings.othersHours = othersHours }
        state.district.settings.timeOfDay = settings
        state.log("time of day: working adults \(settings.workingShare) of the under-65s (\(settings.workingHours)), elderly \(settings.elderlyHours), others \(settings.othersHours)")
    }
}
