import ArgumentParser
import Foundation
import HimayaCore
import HimayaServer
import HimayaStore

/// `himaya defender reset-sign-in`: for a defender who lost their phone and their recovery codes.
struct DefenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "defender", abstract: "Help with a defender's own sign-in.", subcommands: [ResetSignIn.self])

    struct ResetSignIn: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-sign-in",
            abstract: "Forget a defender's sign-in and end their sessions, after confirming who they are outside the platform.",
            discussion: """
                Whoever holds the defender's platform account can ask for a sign-in link, so confirm the \
                defender's identity another way first (a partner who knows them, a call). The defender then \
                sets a new sign-in from their next link.
                """)

        @Argument(help: "The defender's Himaya id.") var id: String
        @Option(name: .customLong("verified-by"), help: "Who confirmed the defender's identity, and how; kept in the audit trail.")
        var verifiedBy: String

        func run() async throws {
            guard let defenderID = Defender.ID(id) else { throw ValidationError("not a defender id: \(id)") }
            guard !verifiedBy.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("say who confirmed the defender's identity with --verified-by") }
            let logger = CommandEnvironment.logger()
            let himaya = await CommandEnvironment.open(CommandEnvironment.configuration(), logger: logger)
            guard try await himaya.store.defenders.defender(id: defenderID) != nil else {
                await himaya.store.shutdown()
                throw ValidationError("no defender has the id \(id)")
            }
            let had = try await DefenderSignIn(himaya: himaya).resetSignIn(for: defenderID, verifiedBy: verifiedBy)
            await himaya.store.shutdown()
            print(had ? "the sign-in of \(defenderID) is reset; their next sign-in link lets them set a new one"
                : "\(defenderID) had no sign-in of their own; their next sign-in link lets them set one")
        }
    }
}
