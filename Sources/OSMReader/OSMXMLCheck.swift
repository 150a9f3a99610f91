import Foundation
import Model

/// Checks an OSM XML file for what readosm cannot survive or silently misreads, before readosm
/// sees it: readosm calls `strlen` on a `<tag>` without `k` or `v` and on a `<member>` without
/// `role` (a segmentation fault, found by fuzzing), reads `lat="north"` as 0 (`atof`), and
/// accepts XML whose root is not `<osm>` as an empty extract. Every such element is reported
/// as `file:LINE: ...` (the first 50, then a count).
///
/// The scan is a plain pass over the bytes: element starts and their attributes only (text,
/// comments, processing instructions, CDATA and end tags are skipped); well-formedness is left
/// to readosm's XML parser. It makes no String and no dictionary per element: attribute names
/// are compared as bytes and only the few attributes the rules need are remembered, as byte
/// ranges; text is decoded only for a message.
enum OSMXMLCheck {
    static let listed = 50

    static func check(path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw InputError(.ioError, file: path, .file, "cannot be read: \(error.localizedDescription)")
        }
        let problems = data.withUnsafeBytes { raw in Self.problems(in: raw.bindMemory(to: UInt8.self)) }
        guard !problems.isEmpty else { return }
        var errors = problems.prefix(listed).map { InputError(.badData, file: path, .line($0.line), $0.message) }
        if problems.count > listed {
            errors.append(InputError(.badData, file: path, .file, "... and \(problems.count - listed) more elements readosm cannot read"))
        }
        throw InputErrors(errors)
    }

    /// Every problem of the XML in `bytes`, in file order, with its line.
    static func problems(in bytes: UnsafeBufferPointer<UInt8>) -> [(line: Int, message: String)] {
        var scanner = Scanner(bytes: bytes)
        return scanner.problems()
    }

    /// The elements the rules are about (the attributes each must carry for readosm are in
    /// `Scanner.judge`).
    enum Element {
        case node, way, relation, nd, tag, member, other

        init(_ name: UnsafeBufferPointer<UInt8>) {
            switch name.count {
            case 2 where Scanner.equals(name, "nd"): self = .nd
            case 3 where Scanner.equals(name, "way"): self = .way
            case 3 where Scanner.equals(name, "tag"): self = .tag
            case 4 where Scanner.equals(name, "node"): self = .node
            case 6 where Scanner.equals(name, "member"): self = .member
            case 8 where Scanner.equals(name, "relation"): self = .relation
            default: self = .other
            }
        }

    }

    /// The attributes the rules read.
    enum Attribute: Int, CaseIterable {
        case id, ref, k, v, type, role, lat, lon

        /// The name as written in the XML.
        var name: String { "\(self)" }

        @inline(__always)
        init?(_ name: UnsafeBufferPointer<UInt8>) {
            switch name.count {
            case 1 where name[0] == UInt8(ascii: "k"): self = .k
            case 1 where name[0] == UInt8(ascii: "v"): self = .v
            case 2 where Scanner.equals(name, "id"): self = .id
            case 3 where Scanner.equals(name, "ref"): self = .ref
            case 3 where Scanner.equals(name, "lat"): self = .lat
            case 3 where Scanner.equals(name, "lon"): self = .lon
            case 4 where Scanner.equals(name, "type"): self = .type
            case 4 where Scanner.equals(name, "role"): self = .role
            default: return nil
            }
        }
    }

    /// The values of one element's remembered attributes as byte ranges (the last of a repeated
    /// name wins; a name without `=` counts as present and empty). Held inline (two vectors
    /// of bounds and a bit per attribute present): no array to check or clear per element.
    struct Attributes {
        private var lower = SIMD8<Int>(), upper = SIMD8<Int>()
        private var present: UInt8 = 0

        subscript(_ attribute: Attribute) -> Range<Int>? {
            get {
                let i = attribute.rawValue
                return present & (1 << i) != 0 ? lower[i]..<upper[i] : nil
            }
            set {
                let i = attribute.rawValue
                if let range = newValue {
                    lower[i] = range.lowerBound; upper[i] = range.upperBound; present |= 1 << i
                } else {
                    present &= ~(1 << i)
                }
            }
        }

        mutating func clear() { present = 0 }
    }
}
