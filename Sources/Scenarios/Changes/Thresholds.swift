import Model
import Yams

/// `thresholds`: the hall and kiosk coverage thresholds, in minutes.
public struct Thresholds: ScenarioChange {
    static let key = "thresholds"
    public var hallMinutes: Double?
    public var kioskMinutes: Double?

    static func parse(from body: ChangeBody) throws -> Thresholds {
        let m = try body.fields(["hall", "kiosk"])
        return Thresholds(hallMinutes: try body.optionalNumber(m, "hall", in: 0...1440),
                          kioskMinutes: try body.optionalNumber(m, "kiosk", in: 0...1440))
    }

    func apply(to state: inout ScenarioState) {
        if let hallMinutes { state.district.settings.hallThresholdMinutes = hallMinutes }
        if let kioskMinutes { state.district.settings.kioskThresholdMinutes = kioskMinutes }
        state.log("thresholds changed")
    }
}
