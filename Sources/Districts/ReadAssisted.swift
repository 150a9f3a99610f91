import Formats
import Model
import Yams

extension DistrictLoader {
    /// `assisted` (帮办代办 / 收件-转办): which hall tiers accept hand-ins, desk minutes per hand-in,
    /// and how the result comes back (`mail` or a second `trip`). An empty block (`assisted: {}`)
    /// takes the defaults: community and street halls, 10 minutes, posted.
    func readAssisted(_ doc: YAMLDocument, _ node: Node, problems: inout [InputError]) throws -> AssistedService {
        let a = try CheckedMapping(doc, node, file: "district.yaml", under: "assisted", what: "assisted", problems: &problems)
        var service = AssistedService()
        if let tiers = a["hand_in_tiers"] {
            service.handInTiers = try doc.strings(tiers, "assisted.hand_in_tiers").map { text in
                guard let tier = Tier(rawValue: text) else {
                    throw doc.error(tiers, "assisted.hand_in_tiers: unknown tier '\(text)' (community, street, district or city)")
                }
                return tier
            }
        }
        if let minutes = a["front_minutes"] {
            service.frontMinutes = try doc.number(minutes, "assisted.front_minutes", in: 0...1440)
        }
        if let collection = a["collection"] {
            let text = try doc.string(collection, "assisted.collection")
            guard let value = AssistedService.Collection(rawValue: text) else {
                throw doc.error(collection, "assisted.collection: unknown value '\(text)' (mail or trip)")
            }
            service.collection = value
        }
        return service
    }

    /// `video_access`: digital (default), desk or everyone.
    func readVideoAccess(_ doc: YAMLDocument, _ node: Node) throws -> VideoAccess {
        let text = try doc.string(node, "video_access")
        guard let value = VideoAccess(rawValue: text) else {
            throw doc.error(node, "video_access: unknown value '\(text)' (digital, desk or everyone)")
        }
        return value
    }
}
