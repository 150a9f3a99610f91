import Model
import Testing

/// "Did you mean": near misspellings get the word meant, far ones nothing.
@Test func suggestionsAreTheNearestKnownWordOrNothing() {
    let keys = ["name", "crs", "mode", "speeds_kmh", "thresholds_minutes", "elderly_share", "digital_adoption"]
    #expect(Suggestion.closest(to: "thresholds", among: keys) == "thresholds_minutes")   // a prefix of it
    #expect(Suggestion.closest(to: "speeds", among: keys) == "speeds_kmh")
    #expect(Suggestion.closest(to: "elderly_shares", among: keys) == "elderly_share")    // one edit
    #expect(Suggestion.closest(to: "Mode", among: keys) == "mode")                       // case ignored
    #expect(Suggestion.closest(to: "digital_adoptoin", among: keys) == "digital_adoption") // two edits
    #expect(Suggestion.closest(to: "colour", among: keys) == nil)
    #expect(Suggestion.closest(to: "", among: keys) == nil)
    #expect(Suggestion.phrase(for: "crss", among: keys) == " (did you mean 'crs'?)")
    #expect(Suggestion.question(for: "teleport", among: ["run", "check"]) == "")
}
