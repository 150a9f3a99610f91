import Formats
import Model
import Yams

/// `assisted_service`: 帮办代办 / 收件-转办 on (the district's `assisted` block, its fields as
/// given over the district's or the defaults), and optionally who may use video.
public struct AssistedServiceChange: ScenarioChange {
    static let key = "assisted_service"
    public var handInTiers: [Tier]?
    public var frontMinutes: Double?
    public var collection: AssistedService.Collection?
    public var videoAccess: VideoAccess?

    static func parse(from body: ChangeBody) throws -> AssistedServiceChange {
        let m = try body.fields(["hand_in_tiers", "front_minutes", "collection", "video_access"])
        var change = AssistedServiceChange()
        if let tiers = m["hand_in_tiers"] {
            change.handInTiers = try body.doc.strings(tiers, "hand_in_tiers").map { text in
                guard let tier = Tier(rawValue: text) else {
                    throw body.error(tiers, "\(key): unknown tier '\(text)' (community, street, district or city)")
                }
                return tier
            }
        }
        change.frontMinutes = try body.optionalNumber(m, "front_minutes", in: 0...1440)
        if let text = try body.optionalString(m, "collection") {
            guard let value = AssistedService.Collection(rawValue: text) else {
                throw body.error(m["collection"], "\(key): unknown collection '\(text)' (mail or trip)")
            }
            change.collection = value
        }
        if let text = try body.optionalString(m, "video_access") {
            guard let value = VideoAccess(rawValue: text) else {
                throw body.error(m["video_access"], "\(key): unknown video_access '\(text)' (digital, desk or everyone)")
            }
            change.videoAccess = value
        }
        return change
    }

    func apply(to state: inout ScenarioState) {
        var service = state.district.settings.assisted ?? AssistedService()
        if let handInTiers { service.handInTiers = handInTiers }
        if let frontMinutes { service.frontMinutes = frontMinutes }
        if let collection { service.collection = collection }
        state.district.settings.assisted = service
        if let videoAccess { state.district.settings.videoAccess = videoAccess }
        let tiers = service.handInTiers.map(\.rawValue).joined(separator: " and ")
        let back = service.collection == .mail ? "results posted" : "results collected on a second trip"
        let handIns = tiers.isEmpty ? "no assisted hand-ins"
            : "assisted hand-ins at \(tiers) halls (\(GeoJSONWriter.number(service.frontMinutes)) desk minutes each, \(back))"
        state.log(handIns + (videoAccess.map { "; video access: \($0.rawValue)" } ?? ""))
    }
}
