import Metrics
public import Prometheus

/// The process's one Prometheus registry. swift-metrics takes one backend per process, so it is set up
/// the first time anything asks, however many applications a test builds.
public enum MetricsRegistry {
    public static let shared: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Prometheus names take letters, digits and underscores; libraries name metrics with dots.
        factory.nameAndLabelSanitizer = { name, labels in
            (Self.sanitise(name), labels.map { (Self.sanitise($0.0), $0.1) })
        }
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    static func sanitise(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }
}
