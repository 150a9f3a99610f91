import Foundation
import Maps
import Model
import Testing
import TestSupport

@Suite struct HTMLMapTests {
    /// Little-endian Float32 / UInt16 values of a base64 block.
    static func floats(_ b64: String) throws -> [Float] {
        let d = [UInt8](try #require(Data(base64Encoded: b64)))
        return stride(from: 0, to: d.count, by: 4).map { k in
            Float(bitPattern: UInt32(d[k]) | UInt32(d[k + 1]) << 8 | UInt32(d[k + 2]) << 16 | UInt32(d[k + 3]) << 24)
        }
    }

    static func uint16s(_ b64: String) throws -> [Int] {
        let d = [UInt8](try #require(Data(base64Encoded: b64)))
        return stride(from: 0, to: d.count, by: 2).map { Int(d[$0]) | Int(d[$0 + 1]) << 8 }
    }

    /// The JSON blocks of a page, by id, decoded.
    func blocks(_ html: String) throws -> [String: Any] {
        var result: [String: Any] = [:]
        var rest = html[...]
        let open = "<script type=\"application/json\" id=\""
        while let start = rest.range(of: open) {
            let idEnd = try #require(rest[start.upperBound...].range(of: "\">"))
            let id = String(rest[start.upperBound..<idEnd.lowerBound])
            let end = try #require(rest[idEnd.upperBound...].range(of: "</script>"))
            result[id] = try JSONSerialization.jsonObject(with: Data(rest[idEnd.upperBound..<end.lowerBound].utf8))
            rest = rest[end.upperBound...]
        }
        return result
    }

    @Test func hostileNamesAreOnlyEscapedJSONAndText() throws {
        let input = try Fixture.input()
        for leaflet in [nil, LeafletAssets(javascript: "window.L = undefined;", css: "")] {
            let html = HTMLMap.html(input, leaflet: leaflet)
            let bytes = Data(html.utf8)
            func has(_ s: String) -> Bool { bytes.range(of: Data(s.utf8)) != nil }
            #expect(has("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"))
            #expect(has("\\u003cimg src=x onerror=alert(2)\\u003e"))
            #expect(has("\\u003c/script\\u003e\\u003cscript\\u003ealert(3)\\u003c/script\\u003e\\u2028\\u0026amp;"))
            #expect(has("<title>base — 合成区 &quot;Synthetic&quot; &amp; &lt;b&gt;District&lt;/b&gt;</title>"))
            #expect(!has("<img"))
            #expect(!has("<b>"))
            #expect(!has("alert(1)</script>"))
            // Every script element is one of the page's own: the error catcher, the JSON blocks,
            // Leaflet and the page script.
            let scripts = html.components(separatedBy: "<script").count - 1
            #expect(scripts == 1 + 5 + (leaflet == nil ? 0 : 1) + 1)
            #expect(html.components(separatedBy: "</script>").count - 1 == scripts)
            // Decoded, the data give back the input text exactly.
            let data = try blocks(html)
            let sites = try #require((data["data-sites"] as? [String: Any])?["features"] as? [[String: Any]])
            #expect((sites[0]["properties"] as? [String: Any])?["name"] as? String == Fixture.hostileSite)
            let outlines = try #require((data["data-outlines"] as? [String: Any])?["features"] as? [[String: Any]])
            let names = outlines.compactMap { ($0["properties"] as? [String: Any])?["name"] as? String }
            #expect(names == input.district.subdistricts.map(\.name))
            let items = try #require((data["data-meta"] as? [String: Any])?["items"] as? [String])
            #expect(items.first == Fixture.hostileItem)
        }
    }

    @Test func dataBlocksHoldEveryFeatureWithPopupFields() throws {
        let input = try Fixture.input()
        let data = try blocks(HTMLMap.html(input, leaflet: nil))
        let cells = try #require(data["data-cells"] as? [String: Any])
        #expect(cells["count"] as? Int == input.district.cells.count)
        #expect(cells["ids"] as? [String] == input.district.cells.map(\.id))
        let gaps = try #require((data["data-gaps"] as? [String: Any])?["features"] as? [[String: Any]])
        #expect(gaps.count == input.gapAreas.count)
        let sites = try #require((data["data-sites"] as? [String: Any])?["features"] as? [[String: Any]])
        #expect(sites.count == input.district.sites.count)
        for (i, feature) in sites.enumerated() {
            let p = try #require(feature["properties"] as? [String: Any])
            let site = input.district.sites[i], r = input.siteResults[i]
            #expect(p["id"] as? String == site.id)
            #expect(p["windows"] as? Int == site.windows)
            #expect(p["hours"] as? String == site.hours.text)
            #expect(abs((p["wait_minutes"] as? Double ?? -1) - r.waitMinutes) <= 0.0005)
            #expect(abs((p["utilisation"] as? Double ?? -1) - r.utilisation) <= 0.0000005)
            // Items handled: indices into the catalogue, the site's own rule.
            let expected = input.district.services.indices.filter { site.handles(input.district.services[$0]) }
            #expect(p["items"] as? [Int] == expected)
        }
        // Coordinates are rounded to 6 decimals.
        let first = try #require((sites[0]["geometry"] as? [String: Any])?["coordinates"] as? [Double])
        #expect(abs(first[0] - input.district.sites[0].location.x) <= 5e-7)
        #expect(((first[0] * 1e6).rounded() / 1e6) == first[0])
    }

    /// The pop-ups' look-up: per cell its residents, minutes and gap residents (Float32), its
    /// gap flag, and a box (16-bit steps of the map's bounds) that holds the cell.
    @Test func cellLookUpHoldsEachCellsFiguresAndBox() throws {
        let input = try Fixture.input()
        let cells = try #require(try blocks(HTMLMap.html(input, leaflet: nil))["data-cells"] as? [String: Any])
        #expect(cells["lookup"] as? Bool == true)
        let figures = try Self.floats(try #require(cells["figures"] as? String))
        let flagText = try #require(cells["flags"] as? String)
        let flags = [UInt8](try #require(Data(base64Encoded: flagText)))
        let boxes = try Self.uint16s(try #require(cells["boxes"] as? String))
        let n = input.district.cells.count
        #expect(figures.count == 4 * n && flags.count == n && boxes.count == 4 * n)
        let meta = try #require(try blocks(HTMLMap.html(input, leaflet: nil))["data-meta"] as? [String: Any])
        let b = try #require(meta["bounds"] as? [Double])
        for (i, cell) in input.district.cells.enumerated() {
            let r = input.cellResults[i]
            #expect(figures[4 * i] == Float(cell.population))
            let hall = try #require(r.nearestHallMinutes)
            #expect(figures[4 * i + 1] == Float(hall))
            #expect(figures[4 * i + 3] == Float(r.gapPopulation))
            #expect(flags[i] == (input.gapCells[i] ? 1 : 0))
            let qx = (cell.centroid.x - b[0]) / (b[2] - b[0]) * 65535, qy = (cell.centroid.y - b[1]) / (b[3] - b[1]) * 65535
            #expect(Double(boxes[4 * i]) <= qx && qx <= Double(boxes[4 * i + 2]))
            #expect(Double(boxes[4 * i + 1]) <= qy && qy <= Double(boxes[4 * i + 3]))
        }
        // The layers are PNG images, with the gap-residents classes of the largest cell.
        #expect((cells["hall"] as? String)?.hasPrefix("data:image/png;base64,iVBORw0KGgo") == true)
        let largest = input.cellResults.map(\.gapPopulation).max() ?? 0
        #expect(cells["gap_bounds"] as? [Double] == MapStyle.gapResidentBounds(largest: largest))
        #expect(cells["gap_residents"] is String)
    }

    /// Beyond the look-up limit the page keeps the images and drops the per-cell arrays; the
    /// run's warning says so.
    @Test func pastTheLimitThePageHasNoPerCellLookUp() throws {
        #expect(HTMLCells.degradedNote(cells: HTMLCells.lookupCellLimit) == nil)
        let note = try #require(HTMLCells.degradedNote(cells: 4_000_000))
        #expect(note.hasPrefix("map.html: 4000000 cells are more than the 300000"))
    }

    /// Gap areas past the vertex limit are drawn from the raster (the gap cells), not as vectors.
    @Test func hugeGapAreasAreDrawnAsAnImage() throws {
        var input = try Fixture.input()
        let first = try #require(input.gapAreas.first)
        let centre = first.area.exterior[0]
        let n = HTMLCells.gapVertexLimit + 1
        let ring = (0...n).map { k -> XY in
            let a = Double(k % n) / Double(n) * 2 * .pi
            return XY(centre.x + 0.001 * cos(a), centre.y + 0.001 * sin(a))
        }
        input.gapAreas = [GapArea(area: Polygon(exterior: ring), cells: 1, population: 1, gapPopulation: 1, gapElderly: 0, gapNotDigital: 0)]
        let data = try blocks(HTMLMap.html(input, leaflet: nil))
        #expect(((data["data-gaps"] as? [String: Any])?["features"] as? [Any])?.isEmpty == true)
        #expect((data["data-cells"] as? [String: Any])?["gap_cells"] is String)
        // Under the limit they stay vectors, with no gap-cells image.
        let small = try blocks(HTMLMap.html(try Fixture.input(), leaflet: nil))
        #expect((small["data-cells"] as? [String: Any])?["gap_cells"] == nil)
    }

    @Test func leafletIsInlinedSafely() throws {
        let safe = LeafletAssets(javascript: "var s = '</script><b>';", css: "a{}")
        #expect(!safe.javascript.lowercased().contains("</script"))
        #expect(LeafletAssets.load(folder: "/nonexistent/leaflet") == nil)
        guard let debian = LeafletAssets.load() else {
            #expect(!Paths.isCI, "CI installs libjs-leaflet")
            return
        }
        #expect(debian.javascript.contains("L"))
        #expect(!debian.javascript.contains("sourceMappingURL="))
        let html = HTMLMap.html(try Fixture.input(), leaflet: debian)
        #expect(html.contains(debian.css))
        #expect(!html.contains("src=\"http"))
    }
}

/// The page in a real browser: it loads without script errors and draws every layer.
@Suite(.serialized) struct HTMLMapBrowserTests {
    func open(_ input: MapInput, leaflet: LeafletAssets?) throws -> (status: [String: String], dom: String, log: String)? {
        guard let browser = try Chromium.required() else { return nil }
        let folder = try Paths.scratch()
        let page = folder.appendingPathComponent("map.html")
        try HTMLMap.html(input, leaflet: leaflet).write(to: page, atomically: true, encoding: .utf8)
        let result = try Chromium.dumpDOM(page, browser: browser)
        #expect(result.status == 0, "\(result.stderr)")
        let status = try #require(Chromium.attributes(ofElementWithID: "status", in: result.stdout), "no status in \(result.stdout.prefix(500))")
        return (status, result.stdout, result.stderr)
    }

    func check(_ input: MapInput, leaflet: LeafletAssets?, renderer: String) throws {
        guard let (status, dom, log) = try open(input, leaflet: leaflet) else { return }
        #expect(status["data-state"] == "ready", "\(status)")
        #expect(status["data-error"] == nil)
        #expect(status["data-renderer"] == renderer)
        #expect(status["data-cells"] == String(input.district.cells.count))
        #expect(status["data-sites"] == String(input.district.sites.count))
        #expect(status["data-subdistricts"] == String(input.district.subdistricts.count))
        let gapFeatures = input.gapAreas.count + zip(input.district.cells, input.gapCells).filter { $0.area == nil && $1 }.count
        #expect(status["data-gaps"] == String(gapFeatures))
        #expect(!log.contains("Uncaught"), "\(log)")
        // The hostile subdistrict name is a text node of the drawn label, not an element.
        #expect(dom.contains("&lt;img src=x onerror=alert(2)&gt;"))
        #expect(!dom.contains("<img src=\"x\""))
        #expect(dom.contains("南山街道") || dom.contains("街道"))
    }

    @Test func plainSVGPageLoadsAndDrawsTheLayers() throws {
        try check(try Fixture.input(), leaflet: nil, renderer: "svg")
        try check(try Fixture.input(pointCells: true), leaflet: nil, renderer: "svg")
    }

    @Test func leafletPageLoadsAndDrawsTheLayers() throws {
        guard let leaflet = LeafletAssets.load() else {
            #expect(!Paths.isCI, "CI installs libjs-leaflet")
            return
        }
        try check(try Fixture.input(), leaflet: leaflet, renderer: "leaflet")
        try check(try Fixture.input(pointCells: true), leaflet: leaflet, renderer: "leaflet")
    }
}

/// A probe (`map.html#probe=LON,LAT`) in a real browser: the page finds the cell there through
/// its look-up, opens its pop-up, and tells which cell, its figures, the drawn colours there
/// and the topmost element painted there.
@Suite(.serialized) struct HTMLMapProbeTests {
    func probe(_ input: MapInput, at p: XY, leaflet: LeafletAssets?) throws -> (status: [String: String], dom: String)? {
        guard let browser = try Chromium.required() else { return nil }
        let folder = try Paths.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("map.html")
        try HTMLMap.html(input, leaflet: leaflet).write(to: page, atomically: true, encoding: .utf8)
        let url = try #require(URL(string: page.absoluteString + "#probe=\(p.x),\(p.y)"))
        let result = try Chromium.dumpDOM(url, browser: browser)
        #expect(result.status == 0, "\(result.stderr)")
        let status = try #require(Chromium.attributes(ofElementWithID: "status", in: result.stdout), "no status in \(result.stdout.prefix(500))")
        #expect(status["data-state"] == "ready", "\(status)")
        return (status, result.stdout)
    }

    /// Both renderers: Leaflet when installed, and the plain SVG page.
    var renderers: [LeafletAssets?] { [nil] + (LeafletAssets.load().map { [$0] } ?? []) }

    @Test func theProbedCellsPopUpShowsItsOwnFigures() throws {
        let input = try Fixture.input()
        for leaflet in renderers {
            for i in [0, 13, input.district.cells.count - 1] {
                let cell = input.district.cells[i], r = input.cellResults[i]
                guard let (status, dom) = try probe(input, at: cell.centroid, leaflet: leaflet) else { return }
                #expect(status["data-probe-cell"] == cell.id, "\(status)")
                let json = try #require(status["data-probe-figures"]?.replacingOccurrences(of: "&quot;", with: "\""))
                let figures = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
                // The page holds Float32 figures: equal to the run's at that precision.
                func float(_ key: String) -> Float? { (figures[key] as? Double).map { Float($0) } }
                let hall = try #require(r.nearestHallMinutes), kiosk = try #require(r.nearestKioskMinutes)
                #expect(float("pop") == Float(cell.population))
                #expect(float("hall_minutes") == Float(hall))
                #expect(float("kiosk_minutes") == Float(kiosk))
                #expect(float("gap_pop") == Float(r.gapPopulation))
                #expect(figures["gap"] as? Bool == input.gapCells[i])
                // The pop-up is open with that cell's title, and the image shows its class colour.
                #expect(dom.contains("cell \(cell.id)"))
                #expect(status["data-probe-colour"] == MapStyle.hallColour(minutes: r.nearestHallMinutes, thresholdMinutes: 2))
            }
            // Outside every cell: no cell, nothing drawn.
            guard let bounds = input.district.cells.compactMap({ $0.area?.bounds }).first else { continue }
            guard let (status, _) = try probe(input, at: XY(bounds.min.x - 0.05, bounds.min.y - 0.05), leaflet: leaflet) else { return }
            #expect(status["data-probe-cell"] == "none")
        }
    }

    /// A district hall placed on its subdistrict's name is painted above the name.
    @Test func hallsArePaintedAboveSubdistrictNames() throws {
        var input = try Fixture.input()
        let label = try #require(MapLabels.point(in: input.district.subdistricts[2].area))
        let hall = try #require(input.district.sites.firstIndex { $0.kind == .hall && $0.tier == .district })
        input.district.sites[hall].location = label
        for leaflet in renderers {
            guard let (status, _) = try probe(input, at: label, leaflet: leaflet) else { return }
            let top = status["data-probe-top"] ?? ""
            #expect(top.contains("site hall") || top.contains("site overloaded"), "topmost at the name: \(top)")
        }
    }

    /// With gap residents but no gap cell (no cell at half its residents), the page shows the
    /// gap-residents layer, coloured by the cell's class.
    @Test func gapResidentsAreShownWhenNoCellIsAGapCell() throws {
        var input = try Fixture.input()
        input.gapCells = input.gapCells.map { _ in false }
        input.gapAreas = []
        let bounds = MapStyle.gapResidentBounds(largest: input.cellResults.map(\.gapPopulation).max() ?? 0)
        #expect(!bounds.isEmpty)
        for leaflet in renderers {
            let i = try #require(input.cellResults.indices.first { input.cellResults[$0].gapPopulation > bounds[0] })
            guard let (status, dom) = try probe(input, at: input.district.cells[i].centroid, leaflet: leaflet) else { return }
            #expect(status["data-cell-layer"] == "gap-residents")
            let k = MapStyle.gapResidentClass(input.cellResults[i].gapPopulation, bounds: bounds)
            #expect(k >= 2)
            #expect(status["data-probe-gap-colour"] == MapStyle.gapResidentColours[k - 1])
            #expect(dom.contains("Gap residents per cell"))
        }
        // With gap areas the hall layer is shown first.
        guard let (status, _) = try probe(try Fixture.input(), at: input.district.cells[0].centroid, leaflet: nil) else { return }
        #expect(status["data-cell-layer"] == "hall")
    }
}
