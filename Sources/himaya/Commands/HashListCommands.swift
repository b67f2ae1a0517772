import ArgumentParser
import Foundation
import HimayaCore
import HimayaDetection
import HimayaServer
import HimayaStore

/// `himaya hashlist`: keep the hash lists the platform matches images against.
struct HashListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hashlist", abstract: "Create, import, export, show and delete hash lists.",
        subcommands: [Create.self, Import.self, Export.self, Show.self, Delete.self])

    static func open() async -> Himaya {
        await CommandEnvironment.open(CommandEnvironment.configuration(), logger: CommandEnvironment.logger())
    }

    static func list(named name: String, in himaya: Himaya) async throws -> HashList {
        guard let list = try await himaya.store.hashLists.lists().map(\.list).first(where: { $0.name == name || $0.id.description == name }),
            list.category != .defenderReferencePhotos
        else { throw ValidationError("no hash list named \(name)") }
        return list
    }

    static func format(_ name: String?, path: String) throws -> HashListFile.Format {
        if let name {
            guard let format = HashListFile.Format(rawValue: name) else { throw ValidationError("--format must be text or csv") }
            return format
        }
        return path.lowercased().hasSuffix(".csv") ? .csv : .text
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an empty list.")
        @Option(help: "The list's name.") var name: String
        @Option(help: "intimate_images_without_consent, known_threat_imagery, partner_list or industry_exchange.") var category: String
        @Option(help: "open_case, alert_defender or count_only.") var action: String
        @Option(help: "Who keeps it: platform, himaya, partner:<id>, exchange:<name>.") var owner = "platform"
        @Option(help: "The largest PDQ distance that counts as a match.") var threshold = HashList.defaultThreshold
        @Option(help: "Images under this PDQ quality are not matched.") var minimumQuality = HashList.defaultMinimumQuality

        func run() async throws {
            guard let category = HashList.Category(rawValue: category), category != .defenderReferencePhotos else {
                throw ValidationError("--category must be intimate_images_without_consent, known_threat_imagery, partner_list or industry_exchange")
            }
            guard let action = HashList.Action(rawValue: action) else { throw ValidationError("--action must be open_case, alert_defender or count_only") }
            if let problem = HashList.problem(name: name, matchThreshold: threshold, minimumQuality: minimumQuality) {
                throw ValidationError(problem.replacingOccurrences(of: "hash_list_error_", with: "invalid "))
            }
            let himaya = await HashListCommand.open()
            let list = HashList(name: name, category: category, owner: owner, matchThreshold: threshold, minimumQuality: minimumQuality,
                                action: action, createdAt: himaya.clock.now)
            do {
                try await himaya.store.hashLists.create(list, by: "cli")
            } catch let error as StoreError where error.isDuplicate {
                await himaya.store.shutdown()
                throw ValidationError("a list named \(name) already exists")
            }
            await himaya.store.shutdown()
            print("created hash list \(list.id) \(name)")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add the hashes of a file (plain text or exchange CSV) to a list.")
        @Option(help: "The list's name or id.") var list: String
        @Option(help: "text or csv (by default from the file name).") var format: String?
        @Argument(help: "The file.") var path: String

        func run() async throws {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let contents: HashListFile.Contents
            do {
                contents = try HashListFile.parse(text, format: try HashListCommand.format(format, path: path))
            } catch {
                throw ValidationError("\(path): \(error); nothing was added")
            }
            let himaya = await HashListCommand.open()
            do {
                let target = try await HashListCommand.list(named: list, in: himaya)
                let added = try await himaya.store.hashLists.add(contents.signals, to: target.id, by: "cli", at: himaya.clock.now)
                print("added \(added) hashes to \(target.name); \(Set(contents.signals).count - added) were already listed; \(contents.skippedOtherKinds) rows of other kinds skipped")
            } catch {
                await himaya.store.shutdown()
                throw error
            }
            await himaya.store.shutdown()
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a list's hashes as plain text or exchange CSV.")
        @Option(help: "The list's name or id.") var list: String
        @Option(help: "text or csv.") var format = "text"

        func run() async throws {
            guard let format = HashListFile.Format(rawValue: format) else { throw ValidationError("--format must be text or csv") }
            let himaya = await HashListCommand.open()
            do {
                let target = try await HashListCommand.list(named: list, in: himaya)
                print(HashListFile.export(try await himaya.store.hashLists.entries(of: target.id), format: format), terminator: "")
            } catch {
                await himaya.store.shutdown()
                throw error
            }
            await himaya.store.shutdown()
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Show every list with its settings and size.")

        func run() async throws {
            let himaya = await HashListCommand.open()
            let lists = try await himaya.store.hashLists.lists().filter { $0.list.category != .defenderReferencePhotos }
            await himaya.store.shutdown()
            print("id,name,category,owner,threshold,minimum_quality,action,hashes")
            for (list, count) in lists {
                print([list.id.description, list.name, list.category.rawValue, list.owner, String(list.matchThreshold), String(list.minimumQuality),
                       list.action.rawValue, String(count)].joined(separator: ","))
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a list and its hashes.")
        @Option(help: "The list's name or id.") var list: String

        func run() async throws {
            let himaya = await HashListCommand.open()
            do {
                let target = try await HashListCommand.list(named: list, in: himaya)
                try await himaya.store.hashLists.delete(target.id, by: "cli")
                print("deleted \(target.name)")
            } catch {
                await himaya.store.shutdown()
                throw error
            }
            await himaya.store.shutdown()
        }
    }
}
