import Model
import Testing
@testable import Scenarios

@Suite struct ModifyItemTests {
    @Test func setsValuesAndAppliesTheReformsInOrder() throws {
        // S1: hall only, 1 trip, 2 documents, 5 days. New values first (3 hall trips, 4
        // documents), then 免提交 (3 of the 4 read from shared data), mail delivery (the third
        // hall trip, the collection, saved), 秒批 (0 days).
        let applied = try ChangeFixture.apply("""
          - modify_item: {id: S1, trips_hall: 3, documents: 4, documents_shared: 3, mail_delivery: true, instant_approval: true, handling_minutes: 12, kiosk: true, trips_kiosk: 1}
        """)
        let s1 = try #require(applied.district.services.first { $0.id == "S1" })
        #expect((s1.tripsHall, s1.documents, s1.timeLimitDays, s1.handlingMinutes, s1.kiosk, s1.tripsKiosk) == (2, 1, 0, 12, true, 1))
        #expect(applied.log == ["modified item S1: trips_hall 1 → 2, trips_kiosk 0 → 1, documents 2 → 1, time_limit_days 5 → 0, handling_minutes 10 → 12, kiosk on"])
    }

    @Test func failedVisitMeasuresEachCutTheProbabilityByTheirShare() throws {
        // p = 0.4, then 一次性告知 −50 % and 容缺 −25 %: 0.4 × 0.5 × 0.75 = 0.15, on both items.
        let applied = try ChangeFixture.apply("""
          - modify_item: {items: [S1, S2], failed_visit_probability: 0.4}
          - modify_item: {items: [S1, S2], one_time_notice: 0.5, accept_missing: 0.25}
        """)
        for item in applied.district.services {
            #expect(abs(item.failedVisitProbability - 0.15) < 1e-12)
        }
        #expect(applied.log[2] == "modified item S1: failed_visit_probability 0.4 → 0.15")
    }

    @Test func inspectionAndProactiveService() throws {
        // S2 (online, one in-person trip when online) becomes a site inspection: staff go (120
        // min, 3 more days), no resident trip. Mail delivery on S2 saves its remote trip.
        let applied = try ChangeFixture.apply("""
          - modify_item: {id: S2, trips_online: 0, inspection_minutes: 120, inspection_days: 3}
          - modify_item: {id: S1, proactive: true, hall: false}
        """)
        let s2 = try #require(applied.district.services.first { $0.id == "S2" })
        #expect((s2.tripsOnline, s2.inspectionMinutes, s2.inspectionDays, s2.inspectionAtHall) == (0, 120, 3, false))
        let s1 = try #require(applied.district.services.first { $0.id == "S1" })
        #expect(s1.proactive && !s1.hall)
    }

    @Test func badChangesAreReportedByLine() throws {
        let messages = try ChangeFixture.problems("""
          - modify_item: {id: S01, documents: 1}
          - modify_item: {id: S1, failed_visit_probability: 1}
          - modify_item: {id: S1, trips: 1}
          - modify_item: {id: S1, documents_shared: 3}
          - modify_item: {id: S2, inspection_days: 4, instant_approval: true}
          - modify_item: {id: S1, hall: false}
          - modify_item: {id: S1, pre_consultation: 0.3}
          - modify_item: {id: S1, items: [S2]}
          - modify_item: {id: S1, one_time_notice: 1.5}
          - modify_item: {id: S1, proactive: maybe}
        """)
        #expect(messages.count == 10)
        #expect(messages[0].hasSuffix("s.yaml:4: modify_item: unknown item 'S01' (did you mean 'S1'?)"))
        #expect(messages[1].hasSuffix("s.yaml:5: 'failed_visit_probability' is 1.0, outside 0..0.95"))
        #expect(messages[2].contains("s.yaml:6: modify_item: unknown field 'trips' (known: accept_missing,"))
        #expect(messages[2].hasSuffix("; did you mean 'trips_hall'?"))
        #expect(messages[3].hasSuffix("s.yaml:7: modify_item: S1: documents_shared is 3 but the item has 2 documents"))
        #expect(messages[4].hasSuffix("s.yaml:8: modify_item: S2: instant_approval (秒批) promises 0 days, but the item's site inspection adds 4 days (inspection_days)"))
        #expect(messages[5].hasSuffix("s.yaml:9: modify_item: S1: the item would have no channel that can complete it"))
        #expect(messages[6].hasSuffix("s.yaml:10: modify_item: S1: pre_consultation needs a hotline or a video channel that handles the item"))
        #expect(messages[7].hasSuffix("s.yaml:11: modify_item takes 'id' or 'items', not both"))
        #expect(messages[8].hasSuffix("s.yaml:12: 'one_time_notice' is 1.5, outside 0..1"))
        #expect(messages[9].hasSuffix("s.yaml:13: modify_item: 'proactive' must be true or false"))
    }
}
