import Foundation
import HimayaCore
import HimayaStore
import Hummingbird
import Prometheus

/// Liveness, readiness and metrics for the people who run Himaya.
struct OperationsController {
    let himaya: Himaya

    func register(on router: Router<AppRequestContext>) {
        router.get("/healthz", use: health)
        router.get("/readyz", use: ready)
        router.get("/metrics", use: metrics)
    }

    /// The process is up and answering.
    @Sendable func health(request: Request, context: AppRequestContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
    }

    struct Readiness: ResponseEncodable {
        var status: String
        var database: String
        var schemaVersion: Int
    }

    /// The database answers and its schema is current: safe to send traffic here.
    @Sendable func ready(request: Request, context: AppRequestContext) async throws -> Response {
        guard await himaya.store.isReachable(),
            let version = try? await Migrator(source: himaya.store.source).currentVersion(),
            version == Schema.migrations.last?.version
        else { throw AppError.unavailable }
        return try JSONEncoder().encode(
            Readiness(status: "ready", database: himaya.store.source.engine.rawValue, schemaVersion: version),
            from: request, context: context)
    }

    /// Prometheus text format; job counts are read at scrape time so every process reports the shared queue.
    /// The job-count gauge's name and help line (a value made each time: the type is not Sendable).
    static var jobsGauge: MetricNameDescriptor { MetricNameDescriptor(metricName: "himaya_jobs", unitName: "", helpText: "Background jobs by state.") }

    @Sendable func metrics(request: Request, context: AppRequestContext) async throws -> Response {
        let registry = MetricsRegistry.shared
        if let counts = try? await himaya.store.jobs.countsByState() {
            for state in JobState.allCases {
                registry.makeGauge(descriptor: Self.jobsGauge, labels: [("state", state.rawValue)]).set(Double(counts[state] ?? 0))
            }
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
}
