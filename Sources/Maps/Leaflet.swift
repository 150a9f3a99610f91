import Foundation

/// Leaflet's script and style sheet, inlined into `map.html` so that the page works offline.
public struct LeafletAssets: Sendable, Hashable {
    public var javascript: String
    public var css: String

    public init(javascript: String, css: String) {
        self.javascript = Self.inlineSafe(javascript, closing: "</script")
        self.css = Self.inlineSafe(css, closing: "</style")
    }

    /// Where Debian's `libjs-leaflet` installs Leaflet.
    public static let debianFolder = "/usr/share/javascript/leaflet"

    /// Leaflet from `folder` (`leaflet.min.js`, else `leaflet.js`, and `leaflet.css`), or nil
    /// when the package is not installed: the page then draws with plain SVG instead.
    public static func load(folder: String = debianFolder) -> LeafletAssets? {
        let dir = URL(fileURLWithPath: folder)
        func read(_ name: String) -> String? {
            guard let data = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path) else { return nil }
            return String(data: data, encoding: .utf8)
        }
        guard let js = read("leaflet.min.js") ?? read("leaflet.js"), let css = read("leaflet.css"),
              js.contains("L") else { return nil }
        return LeafletAssets(javascript: stripSourceMap(js), css: stripSourceMap(css))
    }

    /// Drops `sourceMappingURL` comments: the map files are not inlined and would only make
    /// developer tools fetch a missing file.
    static func stripSourceMap(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("sourceMappingURL=") }
            .joined(separator: "\n")
    }

    /// Breaks any `</script` (`</style`) so the inlined text cannot end its element early;
    /// `<\/` means the same inside JavaScript strings and CSS.
    static func inlineSafe(_ text: String, closing: String) -> String {
        guard text.range(of: closing, options: .caseInsensitive) != nil else { return text }
        return text.replacingOccurrences(of: "</", with: "<\\/")
    }
}
