import Foundation
import Hummingbird
import Prometheus
import Synchronization

/// Request counts and latencies, kept in our own registry rather than the process-wide
/// MetricsSystem so that several applications (tests) can live in one process.
public final class WebMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()

    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "hattama", subsystem: "http", metricName: "requests", unitName: "total", helpText: "HTTP requests served")
    }
    static var duration: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "hattama", subsystem: "http", metricName: "request_duration", unitName: "seconds", helpText: "HTTP request latency")
    }

    /// The registry builds a metric's name and looks it up under a lock on every `make…` call;
    /// at tens of thousands of requests a second that showed, so each label set is made once.
    private struct CounterKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }
    private let counters = Mutex<[CounterKey: Counter]>([:])
    private let histograms = Mutex<[String: DurationHistogram]>([:])

    public init() {}

    func requestCounter(method: String, route: String, status: Int) -> Counter {
        let key = CounterKey(method: method, route: route, status: status)
        if let counter = counters.withLock({ $0[key] }) { return counter }
        let counter = registry.makeCounter(
            descriptor: Self.requests, labels: [("method", method), ("route", route), ("status", String(status))])
        counters.withLock { $0[key] = counter }
        return counter
    }

    func latency(route: String) -> DurationHistogram {
        if let histogram = histograms.withLock({ $0[route] }) { return histogram }
        let histogram = registry.makeDurationHistogram(
            descriptor: Self.duration, labels: [("route", route)],
            buckets: [
                .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(50), .milliseconds(100),
                .milliseconds(500), .seconds(1),
            ],
        )
        histograms.withLock { $0[route] = histogram }
        return histogram
    }

    public func exposition() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}

struct MetricsMiddleware: RouterMiddleware {
    typealias Context = HattamaRequestContext
    let metrics: WebMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        // Route patterns, not raw paths, keep label cardinality bounded.
        let route = context.endpointPath ?? "unmatched"
        metrics.requestCounter(method: request.method.rawValue, route: route, status: response.status.code).increment()
        metrics.latency(route: route).record(ContinuousClock.now - start)
        return response
    }
}
