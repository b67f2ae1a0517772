import ArgumentParser
import Foundation
import HimayaCore
import HimayaServer
import HimayaStore

/// `himaya migrate`: bring the database schema up to date and stop.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the database schema.")

    func run() async throws {
        let configuration = CommandEnvironment.configuration()
        let logger = CommandEnvironment.logger()
        let source = try await DatabaseConnector.open(configuration.database, logger: logger)
        let report = try await Migrator(source: source).migrate()
        print("schema at version \(report.current); applied now: \(report.applied.isEmpty ? "none" : report.applied.map(String.init).joined(separator: ", "))")
        await source.shutdown()
    }
}

/// `himaya demo`: load demo data and print the demo sign-ins.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load demo staff, defenders and partners (never in production).")

    @Flag(help: "Do nothing but print the sign-ins if staff accounts already exist.") var ifEmpty = false

    func run() async throws {
        let logger = CommandEnvironment.logger()
        let himaya = await CommandEnvironment.open(CommandEnvironment.configuration(), logger: logger)
        let demo = DemoData(himaya: himaya)
        if try await demo.isLoaded() {
            if !ifEmpty {
                await himaya.store.shutdown()
                throw ValidationError("the database already has staff accounts; the demo loads only into an empty one")
            }
            print("demo data already loaded")
        } else {
            try await demo.load()
            print("demo data loaded: 6 staff accounts (one a partner member), 6 defenders, 4 partners")
        }
        for signIn in DemoData.signIns { print(signIn.line) }
        print("Add a secret to an authenticator app, or print the current code with: himaya totp SECRET")
        await himaya.store.shutdown()
    }
}

/// `himaya audit verify`: walk the audit chain and say whether it is intact.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Work with the audit log.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check every entry's hash and link; exit 1 if broken.")

        func run() async throws {
            let logger = CommandEnvironment.logger()
            let himaya = await CommandEnvironment.open(CommandEnvironment.configuration(), logger: logger)
            let verdict = try await himaya.store.audit.verify()
            await himaya.store.shutdown()
            switch verdict {
            case .intact(let entries):
                print("audit chain intact: \(entries) entries verified")
            case .broken(let sequence, let reason):
                print("audit chain BROKEN at entry \(sequence): \(reason)")
                throw ExitCode(1)
            }
        }
    }
}

/// `himaya staff add`: create a staff account and show its second-factor secret once.
struct Staff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage staff accounts.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a staff account. The password is read from standard input (one line).")

        @Option(help: "Sign-in name: letters, digits, dots, dashes.") var username: String
        @Option(help: "The person's name as colleagues know it.") var name: String = ""
        @Option(help: "responder, senior_responder, protection_lead, admin, auditor or partner_member.") var role: String
        @Option(help: "For a partner member: the partner organisation's id or exact name.") var partner: String?
        @Option(help: "Languages they work in, comma-separated (ar,fr).") var languages: String = ""
        @Option(help: "Regions they cover, comma-separated (MENA,SN).") var regions: String = ""

        func run() async throws {
            guard let staffRole = StaffRole(rawValue: role) else {
                throw ValidationError("--role takes one of: \(StaffRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                throw ValidationError("give the password on standard input, for example: himaya staff add … < password-file")
            }
            let logger = CommandEnvironment.logger()
            let himaya = await CommandEnvironment.open(CommandEnvironment.configuration(), logger: logger)
            defer { Task { await himaya.store.shutdown() } }
            do {
                var partnerID: Partner.ID?
                if let partner {
                    guard let found = try await himaya.store.partners.all().first(where: { $0.id.description == partner || $0.name == partner }) else {
                        throw ValidationError("no partner with id or name \(partner)")
                    }
                    partnerID = found.id
                }
                let created = try await StaffOnboarding(himaya: himaya).add(
                    username: username, displayName: name, role: staffRole,
                    languages: languages.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                    regions: regions.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }, password: password,
                    partner: partnerID)
                print("added \(created.account.username) (\(staffRole.rawValue)), id \(created.account.id)")
                print("second-factor secret, shown once: \(created.totpSecret)")
                print("authenticator address: \(created.authenticatorURL)")
            } catch let refusal as StaffOnboarding.Refusal {
                throw ValidationError(refusal.description)
            }
        }
    }
}

/// `himaya keys generate` and `himaya keys rewrap`: make a master key, and move sealed values onto it.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Master keys.", subcommands: [Generate.self, Rewrap.self])

    struct Rewrap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-wrap every sealed value under HIMAYA_MASTER_KEY; old keys go in HIMAYA_PREVIOUS_MASTER_KEYS.")

        func run() async throws {
            let logger = CommandEnvironment.logger()
            let himaya = await CommandEnvironment.open(CommandEnvironment.configuration(), logger: logger)
            let changed = try await KeyRotation(source: himaya.store.source, sealer: himaya.store.sealer).rewrapAll()
            try await himaya.store.audit.append(AuditEntry(actor: "system", action: "keys.rewrapped", detail: ["values": "\(changed)"]))
            await himaya.store.shutdown()
            print("re-wrapped \(changed) sealed values under key \(himaya.store.sealer.currentKeyID); the previous keys can now be retired")
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a new random master key (base64).")
        func run() { print(MasterKey.generateBase64()) }
    }
}

/// `himaya totp SECRET`: the current code for a base32 secret, like an authenticator app.
struct TOTPCode: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "totp", abstract: "Print the current six-digit code for a base32 secret.")

    @Argument(help: "The base32 secret.") var secret: String

    func run() throws {
        guard let bytes = Base32.decode(secret), !bytes.isEmpty else { throw ValidationError("the secret is not base32") }
        print(TOTP(secret: bytes).code(at: Date()))
    }
}
