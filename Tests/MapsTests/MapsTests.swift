import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Maps
import Model
import Testing
import TestSupport

/// Reads an SVG with Foundation's XML parser: whether it is well-formed, and what is where.
final class SVGReader: NSObject, XMLParserDelegate {
    var error: Error?
    private var stack: [(name: String, id: String?)] = []
    /// Elements by the id of the group they are directly in.
    var childrenOfGroup: [String: [(name: String, attributes: [String: String])]] = [:]
    /// Text content of `<text>` elements in a group (by id), and of `<title>` elements anywhere.
    var texts: [String: [String]] = [:]
    var titles: [String] = []
    private var text = ""

    init(_ data: Data) {
        super.init()
        let parser = XMLParser(data: data)
        parser.delegate = self
        if !parser.parse() { error = parser.parserError ?? NSError(domain: "xml", code: 1) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if let parentID = stack.last?.id, stack.last?.name == "g" {
            childrenOfGroup[parentID, default: []].append((name, attributes))
        }
        stack.append((name, attributes["id"]))
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
        if name == "title" { titles.append(text) }
        if name == "text" { texts[stack.last(where: { $0.id != nil })?.id ?? "", default: []].append(text) }
        text = ""
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }
}

@Suite struct SVGMapTests {
    @Test func svgIsWellFormedWithOnePathPerCellSitesLegendAndLabels() throws {
        let input = try Fixture.input()
        let svg = SVGMap.svg(input)
        let reader = SVGReader(Data(svg.utf8))
        #expect(reader.error == nil, "\(String(describing: reader.error))")
        let cells = reader.childrenOfGroup["cells"] ?? []
        #expect(cells.count == input.district.cells.count)
        #expect(cells.allSatisfy { $0.name == "path" && !($0.attributes["d"] ?? "").isEmpty })
        // Each cell's class is its class of minutes to the nearest hall.
        for (i, cell) in cells.enumerated() {
            let k = MapStyle.hallClass(minutes: input.cellResults[i].nearestHallMinutes, thresholdMinutes: 2)
            #expect(cell.attributes["class"] == "k\(k)")
        }
        let sites = reader.childrenOfGroup["sites"] ?? []
        #expect(sites.filter { $0.name == "rect" }.count == input.district.sites.filter { $0.kind == .hall }.count)
        #expect(sites.filter { $0.name == "circle" }.count == input.district.sites.filter { $0.kind == .kiosk }.count)
        // Halls are drawn by tier: a city hall's square is larger than a community hall's.
        let sizes = Set(sites.filter { $0.name == "rect" }.compactMap { $0.attributes["width"] })
        #expect(sizes.count >= 2)
        #expect((reader.childrenOfGroup["gaps"] ?? []).count == input.gapAreas.count)
        #expect(!input.gapAreas.isEmpty, "the fixture should have gap cells to draw")
        // Subdistrict names, read back by the XML parser, are the input names, hostile or Chinese.
        #expect(reader.texts["labels"] == input.district.subdistricts.map(\.name))
        #expect(reader.texts["labels"]?.contains(Fixture.hostileSubdistrict) == true)
        #expect(reader.titles.contains { $0.hasPrefix(Fixture.hostileSite + " (hall") })
        // Legend: the six classes with labels in minutes for a 2-minute threshold.
        let legend = reader.childrenOfGroup["legend"] ?? []
        #expect(legend.filter { $0.name == "rect" && ($0.attributes["class"] ?? "").hasPrefix("k") }.count == 6)
        let legendText = reader.texts["legend"] ?? []
        #expect(legendText.contains("under 0.7 min"))
        #expect(legendText.contains("1.3 – 2 min (threshold)"))
        // Names are drawn before (under) the sites, so that no hall is hidden under a name.
        let labelsAt = try #require(svg.range(of: "<g id=\"labels\">")), sitesAt = try #require(svg.range(of: "<g id=\"sites\">"))
        #expect(labelsAt.lowerBound < sitesAt.lowerBound)
        #expect(legendText.contains("no hall in reach"))
        #expect(reader.titles.first == "base — " + Fixture.districtName)
        #expect(svg.contains("Roads © OpenStreetMap contributors, ODbL"))
        #expect(svg.contains("Noto Sans CJK SC"))
    }

    @Test func hostileNamesAreOnlyTextInTheSVG() throws {
        let svg = Data(SVGMap.svg(try Fixture.input()).utf8)
        func has(_ s: String) -> Bool { svg.range(of: Data(s.utf8)) != nil }
        #expect(has("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(has("&lt;img src=x onerror=alert(2)&gt;"))
        #expect(has("合成区 &quot;Synthetic&quot; &amp; &lt;b&gt;District&lt;/b&gt;"))
        #expect(!has("<script"))
        #expect(!has("<img"))
        #expect(!has("<b>"))
    }

    @Test func pointCellsGetASmallSquareEach() throws {
        let input = try Fixture.input(pointCells: true)
        let reader = SVGReader(Data(SVGMap.svg(input).utf8))
        #expect(reader.error == nil)
        let cells = reader.childrenOfGroup["cells"] ?? []
        #expect(cells.count == input.district.cells.count)
        #expect(cells.allSatisfy { ($0.attributes["d"] ?? "").hasSuffix("h4v4h-4Z") })
        // Gap cells without an area are outlined one by one.
        #expect((reader.childrenOfGroup["gaps"] ?? []).count == input.gapCells.filter { $0 }.count)
        #expect(input.gapCells.contains(true))
    }

    /// Beyond the vector limit the cells are one image of their hall classes, laid over the
    /// cells' extent in the map's frame (a 4 M-cell map stays a few megabytes, not 360 MB).
    @Test func manyCellsAreDrawnAsOneImageOverTheirExtent() throws {
        let input = try Fixture.input()
        let svg = SVGMap.svg(input, cellLimit: input.district.cells.count - 1)
        let reader = SVGReader(Data(svg.utf8))
        #expect(reader.error == nil, "\(String(describing: reader.error))")
        let cells = reader.childrenOfGroup["cells"] ?? []
        try #require(cells.count == 1, "\(cells.map(\.name))")
        let image = cells[0].attributes
        #expect(cells[0].name == "image" && (image["href"] ?? "").hasPrefix("data:image/png;base64,"))
        #expect(image["preserveAspectRatio"] == "none")
        // The image spans the cells' bounds, to a pixel of the raster (at most 1/1024 of the long side).
        let bounds = try #require(input.bounds)
        let projection = MapProjection(bounds: bounds, frame: SVGMap.frame)
        let nw = projection.project(XY(bounds.min.x, bounds.max.y)), se = projection.project(XY(bounds.max.x, bounds.min.y))
        let number = { (key: String) in Double(image[key] ?? "") ?? .nan }
        let pixel = max(se.x - nw.x, se.y - nw.y) / 1024 + 0.1
        #expect(abs(number("x") - nw.x) <= 0.1 && abs(number("y") - nw.y) <= 0.1)
        #expect(abs(number("x") + number("width") - se.x) <= pixel && abs(number("y") + number("height") - se.y) <= pixel)
        // Sites, gap areas and the legend are drawn as before.
        #expect((reader.childrenOfGroup["gaps"] ?? []).count == input.gapAreas.count)
        #expect((reader.childrenOfGroup["sites"] ?? []).count == SVGReader(Data(SVGMap.svg(input).utf8)).childrenOfGroup["sites"]?.count)
    }

    @Test func emptyDistrictStillGivesAWellFormedMap() throws {
        var input = try Fixture.input()
        input.district.cells = []; input.cellResults = []; input.gapCells = []; input.gapAreas = []
        input.district.sites = []; input.siteResults = []; input.district.subdistricts = []
        input.district.boundary = MultiPolygon([])
        let reader = SVGReader(Data(SVGMap.svg(input).utf8))
        #expect(reader.error == nil)
        #expect(reader.childrenOfGroup["cells"] == nil)
    }
}

@Suite struct MapPiecesTests {
    /// At 60° N a degree of longitude is half a degree of latitude on the map.
    @Test func projectionScalesLongitudeByTheCosineAndFitsTheFrame() {
        let p = MapProjection(bounds: (XY(10, 59.995), XY(10.02, 60.005)), frame: (x: 10, y: 20, width: 400, height: 400))
        let sw = p.project(XY(10, 59.995)), ne = p.project(XY(10.02, 60.005))
        // Span: 0.02° × cos 60° = 0.01 units wide, 0.01 high: a square filling the frame.
        #expect(abs(sw.x - 10) < 1e-6 && abs(ne.x - 410) < 1e-6)
        #expect(abs(sw.y - 420) < 1e-6 && abs(ne.y - 20) < 1e-6)
        #expect(abs(p.metersPerUnit - 111_195 * 0.01 / 400) < 1e-9)
        // A wide box is centred vertically.
        let q = MapProjection(bounds: (XY(0, 0), XY(2, 0.5)), frame: (x: 0, y: 0, width: 400, height: 400))
        let a = q.project(XY(0, 0.5)), b = q.project(XY(2, 0))
        #expect(abs(a.x) < 1e-6 && abs(b.x - 400) < 1e-6)
        #expect(abs((a.y + b.y) / 2 - 200) < 1e-6)
        #expect(abs((b.y - a.y) - 100) < 1e-3 * 100 * 0.01 + 0.01)
    }

    @Test func hallClassesAreRoundThirdsOfTheThreshold() {
        let t = 30.0
        #expect(MapStyle.hallClass(minutes: 9.99, thresholdMinutes: t) == 0)
        #expect(MapStyle.hallClass(minutes: 10, thresholdMinutes: t) == 1)
        #expect(MapStyle.hallClass(minutes: 10.1, thresholdMinutes: t) == 1)
        #expect(MapStyle.hallClass(minutes: 19.99, thresholdMinutes: t) == 1)
        #expect(MapStyle.hallClass(minutes: 20, thresholdMinutes: t) == 2)
        #expect(MapStyle.hallClass(minutes: 30, thresholdMinutes: t) == 2)
        #expect(MapStyle.hallClass(minutes: 30.01, thresholdMinutes: t) == 3)
        #expect(MapStyle.hallClass(minutes: 45, thresholdMinutes: t) == 4)
        #expect(MapStyle.hallClass(minutes: nil, thresholdMinutes: t) == 5)
        #expect(MapStyle.hallColour(minutes: 5, thresholdMinutes: t) == "#1a9850")
        #expect(MapStyle.hallClassLabels(thresholdMinutes: t) == [
            "under 10 min", "10 – 20 min", "20 – 30 min (threshold)", "30 – 45 min", "45 min or more", "no hall in reach"])
        #expect(MapStyle.hallClassLabels(thresholdMinutes: 15) == [
            "under 5 min", "5 – 10 min", "10 – 15 min (threshold)", "15 – 22.5 min", "22.5 min or more", "no hall in reach"])
        // A threshold that is not a multiple of three: exactly a third, printed to 0.1 min.
        #expect(MapStyle.hallClass(minutes: 20.0 / 3, thresholdMinutes: 20) == 1)
        #expect(MapStyle.hallClassLabels(thresholdMinutes: 20)[0] == "under 6.7 min")
    }

    /// Five equal steps of 1, 2 or 5 × a power of ten; the largest cell is in the last class.
    @Test func gapResidentClassesAreRoundSteps() {
        #expect(MapStyle.gapResidentBounds(largest: 380) == [100, 200, 300, 400, 500])
        #expect(MapStyle.gapResidentBounds(largest: 1000) == [200, 400, 600, 800, 1000])
        #expect(MapStyle.gapResidentBounds(largest: 1001) == [500, 1000, 1500, 2000, 2500])
        #expect(MapStyle.gapResidentBounds(largest: 3.2) == [1, 2, 3, 4, 5])
        #expect(MapStyle.gapResidentBounds(largest: 0) == [])
        let b = MapStyle.gapResidentBounds(largest: 380)
        #expect(MapStyle.gapResidentClass(0, bounds: b) == 0)
        #expect(MapStyle.gapResidentClass(0.4, bounds: b) == 1)
        #expect(MapStyle.gapResidentClass(100, bounds: b) == 1)
        #expect(MapStyle.gapResidentClass(100.5, bounds: b) == 2)
        #expect(MapStyle.gapResidentClass(380, bounds: b) == 4)
        #expect(MapStyle.gapResidentLabels(bounds: b).first == "over 0 – 100 residents")
        #expect(MapStyle.gapResidentLabels(bounds: b).last == "400 – 500 residents")
    }

    @Test func decimalsAreRoundedAndShort() {
        #expect(MapText.decimal(12.5, places: 1) == "12.5")
        #expect(MapText.decimal(3, places: 2) == "3")
        #expect(MapText.decimal(-0.25, places: 2) == "-0.25")
        #expect(MapText.decimal(113.9008239, places: 6) == "113.900824")
        #expect(MapText.decimal(22.5000004, places: 6) == "22.5")
        #expect(MapText.decimal(0.000101, places: 4) == "0.0001")
        #expect(MapText.decimal(-0.00000004, places: 6) == "0")
        #expect(MapText.decimal(.nan, places: 1) == "0")
    }

    /// A U-shaped subdistrict whose vertex mean lies in the notch: the label goes inside an arm.
    @Test func labelPointLiesInsideAConcavePolygon() {
        let u = Polygon(exterior: [XY(0, 0), XY(3, 0), XY(3, 3), XY(2, 3), XY(2, 1), XY(1, 1), XY(1, 3), XY(0, 3), XY(0, 0)])
        // Vertex mean: x = 12/8 = 1.5, y = 14/8 = 1.75 — in the notch (1 < x < 2, y > 1).
        let p = MapLabels.point(in: MultiPolygon([u]))
        // Along y = 1.75 the inside stretches are [0, 1] and [2, 3]; the first widest wins.
        #expect(p == XY(0.5, 1.75))
    }
}
