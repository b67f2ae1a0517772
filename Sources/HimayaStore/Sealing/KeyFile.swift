import Foundation

/// The embedded default's master key: a file readable by its owner only, created on first start.
/// Fine for a laptop or a demo; a real deployment passes `HIMAYA_MASTER_KEY` from a secret store.
public enum KeyFile {
    /// What loading the key file found.
    public enum Outcome: Sendable {
        case loaded(MasterKey)
        case created(MasterKey)
    }

    /// Loads the key at `path`, or creates one with mode 0600 if there is none.
    public static func loadOrCreate(at path: String) throws -> Outcome {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard let key = MasterKey(base64: text) else { throw KeyFileError.unreadable(path) }
            return .loaded(key)
        }
        let folder = (path as NSString).deletingLastPathComponent
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let text = MasterKey.generateBase64()
        // Created with 0600 from the start, so the key is never readable by others, not even briefly.
        guard manager.createFile(atPath: path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw KeyFileError.notWritable(path)
        }
        return .created(MasterKey(base64: text)!)
    }
}

/// Why the key file could not be used.
public enum KeyFileError: Error, CustomStringConvertible {
    case unreadable(String)
    case notWritable(String)

    public var description: String {
        switch self {
        case .unreadable(let path): "the key file \(path) does not hold a base64 key of 32 bytes"
        case .notWritable(let path): "the key file \(path) could not be created"
        }
    }
}
