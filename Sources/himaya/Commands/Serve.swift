import ArgumentParser
import HimayaServer
import HimayaStore
import Hummingbird
import ServiceLifecycle
import UnixSignals

/// `himaya serve`: the web pages, the API, and job workers in the same process.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the pages and API, with job workers in process.")

    @Option(help: "Address to listen on (default HIMAYA_HOST or 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default HIMAYA_PORT or 8080).") var port: Int?
    @Option(help: "Job workers to run in this process.") var workers: Int = 1

    func run() async throws {
        var configuration = CommandEnvironment.configuration()
        if let host { configuration.host = host }
        if let port {
            guard (1...65535).contains(port) else { throw ValidationError("--port takes a TCP port number from 1 to 65535") }
            configuration.port = port
        }
        let logger = CommandEnvironment.logger()
        let stop = await StopRequest()
        let himaya = await CommandEnvironment.open(configuration, logger: logger)
        let workers = (0..<max(0, workers)).map { _ in
            JobWorker(queue: himaya.store.jobs, handlers: JobHandlers.all(himaya), logger: logger)
        }
        try await himaya.queueDailyHousekeeping()
        print("Himaya is serving at http://\(configuration.host):\(configuration.port)")
        let group = ServiceGroup(configuration: .init(services: [buildApplication(himaya, services: workers)], logger: logger))
        await stop.stops(group)
        try await group.run()
        await himaya.store.shutdown()
    }
}

/// `himaya worker`: job workers alone, so several processes can share one PostgreSQL.
struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run job workers without serving HTTP.")

    @Option(help: "Job workers to run in this process.") var workers: Int = 2

    func run() async throws {
        let logger = CommandEnvironment.logger()
        let stop = await StopRequest()
        let himaya = await CommandEnvironment.open(CommandEnvironment.configuration(), logger: logger)
        let services = (0..<max(1, workers)).map { _ in
            JobWorker(queue: himaya.store.jobs, handlers: JobHandlers.all(himaya), logger: logger)
        }
        let group = ServiceGroup(configuration: .init(services: services, logger: logger))
        await stop.stops(group)
        try await group.run()
        await himaya.store.shutdown()
    }
}
