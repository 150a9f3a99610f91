import Model
import Yams

/// `online`: items, hours, staff or effort of an online or video channel.
public struct OnlineChange: ScenarioChange {
    static let key = "online"
    public var channel: String
    public var addServices: [String]
    public var removeServices: [String]
    public var hours: OpeningHours?
    public var agents: Int?
    public var seats: Int?
    public var effortMinutes: Double?

    static func parse(from body: ChangeBody) throws -> OnlineChange {
        let m = try body.fields(["channel", "add_services", "remove_services", "hours", "agents", "seats", "effort_minutes"])
        let doc = body.doc
        return OnlineChange(
            channel: try doc.string(try body.required(m, "channel"), "channel"),
            addServices: try body.optionalStrings(m, "add_services") ?? [],
            removeServices: try body.optionalStrings(m, "remove_services") ?? [],
            hours: try m["hours"].map(body.hours),
            agents: try m["agents"].map { try doc.integer($0, "agents", minimum: 1, maximum: InputLimits.channelStaff.upperBound) },
            seats: try m["seats"].map { try doc.integer($0, "seats", minimum: 1, maximum: InputLimits.channelStaff.upperBound) },
            effortMinutes: try body.optionalNumber(m, "effort_minutes", in: 0...1440))
    }

    func check(against district: District) -> String? {
        guard district.channels.contains(where: { $0.id == channel }) else { return "unknown channel '\(channel)'" }
        return district.unknownItemsProblem(addServices + removeServices)
    }

    func apply(to state: inout ScenarioState) {
        guard let k = state.district.channels.firstIndex(where: { $0.id == channel }) else { return }
        var changed = state.district.channels[k]
        if !addServices.isEmpty || !removeServices.isEmpty {
            // Making an item available online also makes it online-eligible in the catalogue.
            for id in addServices {
                if let i = state.district.services.firstIndex(where: { $0.id == id }) {
                    if changed.kind == .video { state.district.services[i].video = true } else { state.district.services[i].online = true }
                }
            }
            var list: [String]
            switch changed.services {
            case .allOnline: list = state.district.services.filter { changed.handles($0) }.map(\.id)
            case .list(let ids): list = ids
            }
            for id in addServices where !list.contains(id) { list.append(id) }
            list.removeAll { removeServices.contains($0) }
            changed.services = .list(list)
        }
        if let hours { changed.hours = hours }
        if let agents { changed.agents = agents }
        if let seats { changed.seats = seats }
        if let effortMinutes { changed.effortMinutes = effortMinutes }
        state.district.channels[k] = changed
        state.log("changed channel \(channel)")
    }
}
