public import Logging
import Foundation

/// A log handler that keeps every line, message and metadata, so a test can read what was logged.
public final class CapturedLogs: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    public init() {}

    /// A logger at trace level writing here.
    public func logger(label: String = "himaya") -> Logger {
        var logger = Logger(label: label) { label in Handler(sink: self, label: label) }
        logger.logLevel = .trace
        return logger
    }

    public var text: String {
        lock.lock()
        defer { lock.unlock() }
        return lines.joined(separator: "\n")
    }

    fileprivate func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }

    struct Handler: LogHandler {
        let sink: CapturedLogs
        let label: String
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            sink.append("\(event.level) \(label) \(event.message) \(all) \(event.source)")
        }
    }
}
