import Testing
@testable import Scenarios

@Suite struct GrowPopulationTests {
    @Test func growsOnlyTheCellsInsideTheArea() throws {
        let applied = try ChangeFixture.apply("""
          - grow_population: {factor: 2, subdistrict: east}
          - grow_population: {factor: 3, polygon: [[113.89, 22.49], [113.9, 22.49], [113.9, 22.51], [113.89, 22.51], [113.89, 22.49]]}
          - grow_population: {factor: 0.5}
        """)
        // c0 (500 m east of the origin 113.9) is outside the polygon; c1 is in east.
        #expect(applied.district.cells.map(\.population) == [50, 200])
        #expect(applied.log == ["population × 2.0 in 1 cell(s)", "population × 3.0 in 0 cell(s)", "population × 0.5 in 2 cell(s)"])
    }

    @Test func anUnknownSubdistrictIsNamed() throws {
        let messages = try ChangeFixture.problems("  - grow_population: {factor: 2, subdistrict: north}")
        #expect(messages.first?.hasSuffix("s.yaml:4: grow_population: unknown subdistrict 'north'") == true)
    }
}
