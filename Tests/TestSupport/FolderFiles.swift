import Foundation

/// Every regular file under `folder`, markers and hidden files included (relative path with a
/// leading "/" -> bytes): compared before and after a command to show what it changed.
public func filesUnder(_ folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = enumerator?.nextObject() as? URL {
        guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
        files[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
    }
    return files
}
