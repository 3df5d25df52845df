using System.Diagnostics;
using System.Diagnostics.Metrics;
using KeypointGrains.Contracts.Telemetry;

namespace KeypointGrains.Silo.Web.Inference;

/// <summary>
/// The front door's instruments, in meter "KeypointGrains" beside the serving ones (the silo's queue time is
/// kg.inference.queue_duration): requests by protocol, endpoint and status, their latency, and faces per request.
/// Every request also gets a span ("kg.frontdoor.request") under the HTTP request's and above the ensemble prediction.
/// </summary>
public static class FrontDoorMetrics
{
    private static readonly Meter Meter = new(KeypointTelemetry.Name);
    private static readonly Counter<long> Requests =
        Meter.CreateCounter<long>("kg.frontdoor.requests", description: "Front door requests by protocol, endpoint and status");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram("kg.frontdoor.request_duration", "ms",
        "Front door requests, from the request read to the answer written", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100, 250, 500, 1000, 5000] });
    private static readonly Histogram<int> Faces = Meter.CreateHistogram("kg.frontdoor.faces", unit: null, "Faces per inference request",
        tags: null, new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });

    /// <summary>Starts the span of one request; <see cref="Answered"/> ends it.</summary>
    public static Activity? Start(string protocol, string endpoint) =>
        KeypointTelemetry.Activities.StartActivity("kg.frontdoor.request")?.SetTag("protocol", protocol).SetTag("endpoint", endpoint);

    public static void Answered(Activity? span, string protocol, string endpoint, string status, long startedAt, string? error)
    {
        var tags = new TagList { { "protocol", protocol }, { "endpoint", endpoint }, { "status", status } };
        Requests.Add(1, tags);
        Duration.Record(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds, new TagList { { "protocol", protocol }, { "endpoint", endpoint } });
        if (span is null) return;
        span.SetTag("status", status);
        if (error is not null) span.SetStatus(ActivityStatusCode.Error, error);
        span.Dispose();
    }

    public static void FacesReceived(Activity? span, string protocol, int faces)
    {
        Faces.Record(faces, new TagList { { "protocol", protocol } });
        span?.SetTag("faces", faces);
    }
}
