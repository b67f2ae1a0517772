import ArgumentParser
import Foundation
import HimayaCore
import HimayaServer
import HimayaStore

/// `himaya partner`: trusted partner organisations and their API keys.
struct PartnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partner", abstract: "Trusted partner organisations and their API keys.", subcommands: [Add.self, Key.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a partner organisation.")

        @Option(help: "Its public name.") var name: String
        @Option(help: "ISO country code of its home country.") var country: String
        @Option(help: "Languages it works in, comma-separated.") var languages: String = "en"
        @Option(help: "helpline, ngo, press_freedom, legal_aid or network.") var kind: String = "ngo"

        func run() async throws {
            guard let partnerKind = PartnerKind(rawValue: kind) else {
                throw ValidationError("--kind takes one of: \(PartnerKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard country.count == 2 else { throw ValidationError("--country takes a two-letter ISO code such as SN") }
            let logger = CommandEnvironment.logger()
            let himaya = await CommandEnvironment.open(CommandEnvironment.configuration(), logger: logger)
            let partner = Partner(
                name: name, country: country.uppercased(), languages: languages.split(separator: ",").map(String.init), kind: partnerKind,
                joinedAt: Date())
            try await himaya.store.partners.add(partner)
            await himaya.store.shutdown()
            print("added partner \(partner.name), id \(partner.id)")
        }
    }

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Partner API keys.", subcommands: [Create.self, Revoke.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Issue an API key; it is shown once.")

            @Option(help: "The partner's id or exact name.") var partner: String
            @Option(help: "Comma-separated: reports:write, reports:read.") var scopes: String = "reports:write,reports:read"

            func run() async throws {
                let wanted = try Set(scopes.split(separator: ",").map { text in
                    guard let scope = PartnerAPIKey.Scope(rawValue: String(text)) else {
                        throw ValidationError("unknown scope \(text); use reports:write or reports:read")
                    }
                    return scope
                })
                let logger = CommandEnvironment.logger()
                let himaya = await CommandEnvironment.open(CommandEnvironment.configuration(), logger: logger)
                guard let found = try await himaya.store.partners.all().first(where: { $0.id.description == partner || $0.name == partner }) else {
                    await himaya.store.shutdown()
                    throw ValidationError("no partner with id or name \(partner)")
                }
                let (key, text) = try await PartnerKeys(himaya: himaya).issue(for: found.id, scopes: wanted)
                await himaya.store.shutdown()
                print("key id \(key.id) for \(found.name), scopes \(wanted.map(\.rawValue).sorted().joined(separator: " "))")
                print("API key, shown once: \(text)")
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke an API key by its id.")

            @Argument(help: "The key id.") var id: String

            func run() async throws {
                guard let keyID = PartnerAPIKey.ID(id) else { throw ValidationError("not a key id: \(id)") }
                let logger = CommandEnvironment.logger()
                let himaya = await CommandEnvironment.open(CommandEnvironment.configuration(), logger: logger)
                try await PartnerKeys(himaya: himaya).revoke(keyID)
                await himaya.store.shutdown()
                print("revoked \(keyID)")
            }
        }
    }
}

/// `himaya platform add`: where action webhooks go, and the secret they are signed with.
struct PlatformCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "platform", abstract: "The platform that receives action webhooks and calls the API.", subcommands: [Add.self, Key.self])

    /// `himaya platform key create|revoke`.
    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The platform's API keys.", subcommands: [Create.self, Revoke.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Issue an API key for the platform; prints it once.")

            @Option(name: .customLong("scope"), help: "content:scan, hash_lists:read, hash_lists:write or defenders:write; repeat for several.")
            var scopes: [String] = ["content:scan"]

            func run() async throws {
                var parsed = Set<PlatformAPIKey.Scope>()
                for scope in scopes {
                    guard let known = PlatformAPIKey.Scope(rawValue: scope) else {
                        throw ValidationError("unknown scope \(scope); use \(PlatformAPIKey.Scope.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    parsed.insert(known)
                }
                let logger = CommandEnvironment.logger()
                let himaya = await CommandEnvironment.open(CommandEnvironment.configuration(), logger: logger)
                guard let platform = try await himaya.store.platforms.current() else {
                    await himaya.store.shutdown()
                    throw ValidationError("no platform is registered yet; run himaya platform add first")
                }
                let (key, text) = try await PlatformKeys(himaya: himaya).issue(for: platform.id, scopes: parsed)
                await himaya.store.shutdown()
                print("key \(key.id) (\(key.prefix)) for \(platform.name), scopes: \(parsed.map(\.rawValue).sorted().joined(separator: " "))")
                print("API key, shown once: \(text)")
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a platform API key by its id.")
            @Argument(help: "The key's id.") var id: String

            func run() async throws {
                guard let keyID = PlatformAPIKey.ID(id) else { throw ValidationError("not a key id: \(id)") }
                let logger = CommandEnvironment.logger()
                let himaya = await CommandEnvironment.open(CommandEnvironment.configuration(), logger: logger)
                try await PlatformKeys(himaya: himaya).revoke(keyID)
                await himaya.store.shutdown()
                print("revoked \(id)")
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register the platform; prints the signing secret once.")

        @Option(help: "A name for the platform.") var name: String
        @Option(help: "The https address that receives webhooks.") var url: String

        func run() async throws {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw ValidationError("--url takes an http or https address, such as https://platform.example/himaya/webhooks")
            }
            let logger = CommandEnvironment.logger()
            let himaya = await CommandEnvironment.open(CommandEnvironment.configuration(), logger: logger)
            let secret = RandomToken.make()
            try await himaya.store.platforms.add(Platform(name: name, webhookURL: url, secret: secret))
            await himaya.store.shutdown()
            print("registered \(name) at \(url)")
            print("webhook signing secret, shown once: \(secret)")
        }
    }
}
