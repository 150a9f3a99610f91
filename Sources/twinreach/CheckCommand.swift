import ArgumentParser
import Foundation
import TwinReachKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a district folder or a scenario file and report every problem found.")

    @Argument(help: "A district folder or a scenario .yaml file.")
    var path: String

    func run() throws {
        let report = CheckCommand.run(path: path)
        for line in report.summary { print(line) }
        for warning in report.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        for problem in report.problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
        if report.problems.isEmpty {
            print("ok: no problems\(report.warnings.isEmpty ? "" : ", \(report.warnings.count) warning(s)")")
        } else {
            FileHandle.standardError.write(Data("\(report.problemCount) problem(s) found\n".utf8))
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}
