import Foundation
import Testing

/// Headless Chromium (Debian `chromium`) for tests that open a generated page.
public enum Chromium {
    /// The browser on PATH, or nil.
    public static var path: URL? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in dirs {
                let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        return nil
    }

    /// The browser. Absent outside CI, the running test is cancelled (reported as skipped, not
    /// passed); under CI an absent browser is an error, so that a green CI means the page was
    /// really opened. (Never nil: the Optional is kept for the callers' `guard let`.)
    public static func required() throws -> URL? {
        if let path { return path }
        if Paths.isCI { throw MissingBrowser() }
        try Test.cancel("no Chromium on this machine: skipped outside CI")
    }

    /// Opens `page` headless with a private profile, lets its scripts run (virtual time), and
    /// returns the serialized DOM (stdout) and the browser's log with console messages (stderr).
    public static func dumpDOM(_ page: URL, browser: URL, screenshot: URL? = nil, windowSize: String = "1300,860") throws -> ToolResult {
        let profile = try Paths.scratch("chromium-profile")
        defer { try? FileManager.default.removeItem(at: profile) }
        var arguments = ["120", browser.path, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
                         "--user-data-dir=\(profile.path)", "--hide-scrollbars", "--window-size=\(windowSize)",
                         "--virtual-time-budget=5000", "--enable-logging=stderr", "--v=0"]
        if let screenshot { arguments.append("--screenshot=\(screenshot.path)") } else { arguments.append("--dump-dom") }
        arguments.append(page.absoluteURL.absoluteString)
        return try Tool.run(arguments, program: URL(fileURLWithPath: "/usr/bin/timeout"))
    }

    /// The attributes of the first element with `id="…"` in a serialized DOM.
    public static func attributes(ofElementWithID id: String, in dom: String) -> [String: String]? {
        guard let start = dom.range(of: "id=\"\(id)\"") else { return nil }
        let open = dom[..<start.lowerBound].lastIndex(of: "<") ?? start.lowerBound
        guard let close = dom[start.upperBound...].firstIndex(of: ">") else { return nil }
        let tag = String(dom[open..<close])
        var result: [String: String] = [:]
        let pattern = try? NSRegularExpression(pattern: "([a-zA-Z-]+)=\"([^\"]*)\"")
        let ns = tag as NSString
        for match in pattern?.matches(in: tag, range: NSRange(location: 0, length: ns.length)) ?? [] {
            result[ns.substring(with: match.range(at: 1))] = ns.substring(with: match.range(at: 2))
        }
        return result
    }
}

public struct MissingBrowser: Error, CustomStringConvertible {
    public var description: String { "CI is set but chromium is not installed (apt-get install chromium)" }
}
