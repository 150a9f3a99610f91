import FuzzSupport
import Model

/// The opening-hours parser on arbitrary text: a parsed value must answer every question
/// about the week without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHours(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let hours = try OpeningHours(parsing: text)
        _ = hours.description
        for minute in stride(from: 0, to: OpeningHours.minutesPerWeek, by: 97) { _ = hours.isOpen(atMinuteOfWeek: minute) }
        _ = hours.openMinutes(within: 0..<OpeningHours.minutesPerWeek)
        _ = hours.openMinutes(within: 500..<3000)
    } catch {
        _ = error.description
    }
    return 0
}

/// The executable's entry (SwiftPM links `main` as `fuzz_hours_main`): libFuzzer's loop.
@_cdecl("fuzz_hours_main")
public func fuzz_hours_main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzHours)
}
