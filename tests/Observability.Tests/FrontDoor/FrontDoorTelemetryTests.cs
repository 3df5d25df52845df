using System.Net.Http.Headers;
using KeypointGrains.Contracts.Telemetry;
using KeypointGrains.Observability.Tests.Support;

namespace KeypointGrains.Observability.Tests.FrontDoor;

[Collection(ServingSiloCollection.Name)]
public class FrontDoorTelemetryTests(ServingSilo silo)
{
    [SkippableFact]
    public async Task An_inference_request_is_counted_in_metrics_and_is_one_trace_from_the_HTTP_request_to_the_grain_call()
    {
        silo.RequireCampaign();
        using var spans = new RecordedSpans();
        var header = """{"inputs":[{"name":"faces","datatype":"UINT8","shape":[1,96,96],"parameters":{"binary_data_size":9216}}]}"""u8.ToArray();
        var content = new ByteArrayContent([.. header, .. silo.Faces.Pixels[..9216]]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString());
        (await silo.Http.PostAsync($"/v2/models/{ServingSilo.Campaign}/infer", content)).EnsureSuccessStatusCode();

        var request = Assert.Single(spans.All, s => s.OperationName == "kg.frontdoor.request" && (string?)s.GetTagItem("endpoint") == "infer");
        Assert.Equal(1, request.GetTagItem("faces"));
        Assert.Equal("200", request.GetTagItem("status"));
        var trace = spans.All.Where(s => s.TraceId == request.TraceId).ToArray();
        // Below the HTTP request's span (ASP.NET Core's), above the ensemble prediction and the serving grain call.
        Assert.Equal("Microsoft.AspNetCore", trace.Single(s => s.SpanId == request.ParentSpanId).Source.Name);
        var prediction = Assert.Single(trace, s => s.OperationName == "kg.ensemble.predict" && s.Source.Name == KeypointTelemetry.Name);
        Assert.Equal(request.SpanId, prediction.ParentSpanId);
        Assert.Contains(trace, s => s.Source.Name.StartsWith("Microsoft.Orleans") && s.OperationName.Contains("Predict")
            && s.ParentSpanId == prediction.SpanId);

        var metrics = await silo.Http.GetStringAsync("/metrics");
        Assert.Matches("""kg_frontdoor_requests_total\{[^}]*endpoint="infer"[^}]*status="200"[^}]*\} [1-9]""", metrics);
        Assert.Contains("kg_frontdoor_request_duration_milliseconds_bucket{", metrics);
        Assert.Contains("kg_frontdoor_faces_bucket{", metrics);
    }
}
