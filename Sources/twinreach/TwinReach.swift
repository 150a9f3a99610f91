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
        subcommands: [Check.self, Import.self, Run.self, Compare.self, MeasureCommand.self, OptimizeCommand.self,
                      Grid.self, OSMDistrict.self, Generate.self, Batch.self]
    )

    /// Runs like `ParsableCommand.main()`, but with the contract's exit codes.
    static func main() {
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
}
