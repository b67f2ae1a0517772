import Foundation

/// The public test vectors kept beside the project in `../shared/data`, when they are there.
enum SharedData {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Tests/HimayaDetectionTests/file
        return url.deletingLastPathComponent().appendingPathComponent("shared/data")
    }()

    /// The file's URL, or nil (with a line saying the test skipped) when the data is absent.
    static func file(_ path: String) -> URL? {
        let url = root.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("SKIPPED: \(url.path) is not present; the conformance check did not run")
            return nil
        }
        return url
    }

    static var isPresent: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("pdq").path) }
}
