import ArgumentParser
import Foundation
import Model
import TwinReachKit

/// The `twinreach` command: parses arguments, calls TwinReachKit, prints, and maps failures to
/// the contract's exit codes (64 usage, 65 bad data, 66 missing input, 70 internal, 73 cannot
/// create an output where asked: it would replace something TwinReach did not write, 74 I/O).
@main
struct TwinReach: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twinreach",
        abstract: "Spatial service-coverage planning for public services: halls, kiosks and online channels as one twin space.",
        version: TwinReachVersion.current,
        subcommands: [Check.self, Import.self, Run.self, Compare.self, MeasureCommand.self, OptimizeCommand.self,
                      ExportMatrix.self, Grid.self, OSMDistrict.self, Generate.self, Batch.self]
    )

    /// Runs like `ParsableCommand.main()`, but with the contract's exit codes.
    static func main() {
        refuseUnknownSubcommand(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as InputError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            Foundation.exit(error.exitCode)
        } catch let errors as InputErrors {
            FileHandle.standardError.write(Data((errors.description + "\n").utf8))
            Foundation.exit(errors.exitCode)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code == .validationFailure || error is CleanExit {
                Self.exit(withError: error) // help, version, usage errors: argument-parser's own text and code
            }
            FileHandle.standardError.write(Data("twinreach: internal error: \(error)\n".utf8))
            Foundation.exit(InputError.Kind.internalError.rawValue)
        }
    }

    /// A first argument that is neither an option nor a command is a misspelt command: say
    /// which one was meant (argument-parser would only call it an unexpected argument). Exit 64.
    static func refuseUnknownSubcommand(_ arguments: [String]) {
        guard let first = arguments.first, !first.hasPrefix("-") else { return }
        let names = (configuration.subcommands.map { $0._commandName }) + ["help"]
        guard !names.contains(first) else { return }
        let message = "twinreach: unknown command '\(first)'\(Suggestion.phrase(for: first, among: names)); "
            + "the commands are \(names.joined(separator: ", ")) (twinreach --help)\n"
        FileHandle.standardError.write(Data(message.utf8))
        Foundation.exit(InputError.Kind.usage.rawValue)
    }
}
