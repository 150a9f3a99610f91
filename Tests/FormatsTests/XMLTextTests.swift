import Formats
import Testing

/// The one XML/HTML escaper, used by the SVG and HTML maps and by roads.osm.
@Suite struct XMLTextTests {
    @Test func markupAndBothQuotesAreEscaped() {
        #expect(XMLText.escape("a<b>&\"c\"'d'") == "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;")
        // An OSM name as roads.osm writes it into a double-quoted attribute.
        #expect(XMLText.escape("Carrer d'Avall & <Major>") == "Carrer d&#39;Avall &amp; &lt;Major&gt;")
    }

    /// XML 1.0 forbids C0 controls other than tab, newline and carriage return, and U+FFFE and
    /// U+FFFF: they become U+FFFD, so the file still parses.
    @Test func forbiddenCharactersBecomeTheReplacementCharacter() {
        #expect(XMLText.escape("x\u{1}y\tz\u{1F}") == "x\u{FFFD}y\tz\u{FFFD}")
        #expect(XMLText.escape("a\u{FFFE}b\u{FFFF}c") == "a\u{FFFD}b\u{FFFD}c")
        #expect(XMLText.escape("l1\nl2\r\nl3") == "l1\nl2\r\nl3")
        #expect(XMLText.escape("南山街道 🏛") == "南山街道 🏛")
    }

    @Test func appendAddsTheSameTextInPlace() {
        var out = "<t>"
        XMLText.append("\"Tom's\" <b>", to: &out)
        #expect(out == "<t>" + XMLText.escape("\"Tom's\" <b>"))
        #expect(out == "<t>&quot;Tom&#39;s&quot; &lt;b&gt;")
    }
}
