import Model
import Yams

/// `mode`: the travel mode of the run (`mode: walk`, `bike` or `drive`).
public struct ModeChange: ScenarioChange {
    static let key = "mode"
    public var mode: TravelMode

    static func parse(from body: ChangeBody) throws -> ModeChange {
        let text = try body.doc.string(body.node, "mode")
        guard let mode = TravelMode(rawValue: text) else { throw body.error(body.node, "mode: unknown mode '\(text)' (walk, bike or drive)") }
        return ModeChange(mode: mode)
    }

    func apply(to state: inout ScenarioState) {
        state.district.settings.mode = mode
        state.log("travel mode \(mode.rawValue)")
    }
}
