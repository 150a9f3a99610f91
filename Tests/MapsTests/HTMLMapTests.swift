import Foundation
import Maps
import Model
import Testing
import TestSupport

@Suite struct HTMLMapTests {
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
        let cells = try #require((data["data-cells"] as? [String: Any])?["features"] as? [[String: Any]])
        #expect(cells.count == input.district.cells.count)
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
