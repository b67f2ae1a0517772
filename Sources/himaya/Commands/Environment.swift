import Foundation
import HimayaServer
import Logging

/// What every command does first: read the configuration, set up logging, open the store.
enum CommandEnvironment {
    /// Reads `HIMAYA_*`; a bad value prints the variable and what it expects, then exits with status 78.
    static func configuration() -> HimayaConfiguration {
        do {
            return try HimayaConfiguration.fromEnvironment()
        } catch {
            FileHandle.standardError.write(Data("himaya: configuration error: \(error)\n".utf8))
            exit(78)
        }
    }

    private static let bootstrap: Void = {
        let level = (try? HimayaConfiguration.fromEnvironment().logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = level
            return handler
        }
    }()

    static func logger() -> Logger {
        _ = bootstrap
        return Logger(label: "himaya")
    }

    /// Opens and migrates the store, or exits with the reason.
    static func open(_ configuration: HimayaConfiguration, logger: Logger) async -> HimayaServer.Himaya {
        do {
            return try await HimayaServer.Himaya.open(configuration, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("himaya: cannot open the database: \(error)\n".utf8))
            exit(69)
        }
    }
}
