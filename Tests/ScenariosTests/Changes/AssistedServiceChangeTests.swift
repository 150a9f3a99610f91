import Model
import Testing
@testable import Scenarios

/// `assisted_service`: turns 帮办代办 on in the district's settings; bad values by line.
@Suite struct AssistedServiceChangeTests {
    @Test func setsTheAssistedBlockAndVideoAccess() throws {
        let applied = try ChangeFixture.apply("  - assisted_service: {hand_in_tiers: [street], collection: trip, video_access: desk}")
        #expect(applied.district.settings.assisted == AssistedService(handInTiers: [.street], frontMinutes: 10, collection: .trip))
        #expect(applied.district.settings.assisted?.trips == 2)
        #expect(applied.district.settings.videoAccess == .desk)
        #expect(applied.log == ["assisted hand-ins at street halls (10 desk minutes each, results collected on a second trip); video access: desk"])
        // Without the change: no assisted channel, video for the digital only.
        let plain = try ChangeFixture.apply("  - thresholds: {hall: 20}")
        #expect(plain.district.settings.assisted == nil && plain.district.settings.videoAccess == .digital)
    }

    @Test func badValuesAreNamedByLine() throws {
        let messages = try ChangeFixture.problems("""
          - assisted_service: {hand_in_tiers: [village]}
          - assisted_service: {collection: courier}
          - assisted_service: {front_minutes: -1}
          - assisted_service: {video_acess: desk}
        """)
        #expect(messages.count == 4)
        #expect(messages[0].hasSuffix("s.yaml:4: assisted_service: unknown tier 'village' (community, street, district or city)"), "\(messages)")
        #expect(messages[1].hasSuffix("s.yaml:5: assisted_service: unknown collection 'courier' (mail or trip)"), "\(messages)")
        #expect(messages[2].contains("s.yaml:6:") && messages[2].contains("front_minutes"), "\(messages)")
        #expect(messages[3].hasSuffix("s.yaml:7: assisted_service: unknown field 'video_acess' (known: collection, front_minutes, hand_in_tiers, video_access); did you mean 'video_access'?"), "\(messages)")
    }
}
