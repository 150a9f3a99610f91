import Foundation
import Testing
import TestSupport

/// `scripts/setup-and-run.sh` (a user's machine) and `.ci/run` (CI) install the same Debian
/// packages, so that what passes in CI runs for the user.
@Suite struct SetupScriptsTests {
    /// The packages a script's `apt-get install` lines name, inline or through a list file
    /// (`$(grep ... scripts/apt-packages.txt)`).
    func packages(installedBy script: String) throws -> Set<String> {
        let text = try String(contentsOf: Paths.repo.appendingPathComponent(script), encoding: .utf8)
        // Continuation lines joined, so that one install command is one line.
        let lines = text.replacingOccurrences(of: "\\\n", with: " ").split(separator: "\n")
        var names = Set<String>()
        for line in lines where line.contains("apt-get install") {
            let words = line.split(separator: " ").map(String.init)
            for word in words {
                guard let found = word.range(of: "scripts/[A-Za-z0-9_.-]+\\.txt", options: .regularExpression) else { continue }
                let list = String(word[found])
                let listed = try String(contentsOf: Paths.repo.appendingPathComponent(list), encoding: .utf8)
                for entry in listed.split(separator: "\n") {
                    let name = String(entry).trimmingCharacters(in: .whitespaces)
                    if !name.isEmpty && !name.hasPrefix("#") { names.insert(name) }
                }
            }
            let afterInstall = words.drop { $0 != "install" }.dropFirst()
            for word in afterInstall where !word.hasPrefix("-") && !word.hasPrefix(">") && !word.contains("$") && !word.contains("'")
                && !word.contains(")") && !word.contains("/") && !word.isEmpty {
                names.insert(word)
            }
        }
        return names
    }

    @Test func setupAndCIInstallTheSamePackages() throws {
        let setup = try packages(installedBy: "scripts/setup-and-run.sh")
        let ci = try packages(installedBy: ".ci/run")
        #expect(setup == ci, "only in setup-and-run.sh: \(setup.subtracting(ci).sorted()); only in .ci/run: \(ci.subtracting(setup).sorted())")
        // What the tests and the maps need is among them.
        for needed in ["libgdal-dev", "gdal-bin", "chromium", "libjs-leaflet", "fonts-noto-cjk"] {
            #expect(setup.contains(needed), "\(needed) is not installed by the setup")
        }
    }
}
