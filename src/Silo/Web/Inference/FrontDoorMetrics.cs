using System.Diagnostics;
using KeypointGrains.Contracts.Telemetry;

namespace KeypointGrains.Silo.Web.Inference;

/// <summary>
/// What the front door records of each request: kg.frontdoor.requests (by protocol, endpoint and status), its latency
/// and faces per request (the silo's queue time is kg.inference.queue_duration), and a span ("kg.frontdoor.request")
/// under the HTTP request's and above the ensemble prediction and its grain call.
/// </summary>
public static class FrontDoorMetrics
{
    /// <summary>Starts the span of one request; <see cref="Answered"/> ends it.</summary>
    public static Activity? Start(string protocol, string endpoint) =>
        KeypointTelemetry.Activities.StartActivity("kg.frontdoor.request")?.SetTag("protocol", protocol).SetTag("endpoint", endpoint);

    public static void Answered(Activity? span, string protocol, string endpoint, string status, long startedAt, string? error)
    {
        KeypointTelemetry.Metrics.FrontDoorRequest(protocol, endpoint, status, Stopwatch.GetElapsedTime(startedAt));
        if (span is null) return;
        span.SetTag("status", status);
        if (error is not null) span.SetStatus(ActivityStatusCode.Error, error);
        span.Dispose();
    }

    public static void FacesReceived(Activity? span, string protocol, int faces)
    {
        KeypointTelemetry.Metrics.FrontDoorFaces(protocol, faces);
        span?.SetTag("faces", faces);
    }
}
