using KeypointGrains.Client.Commands;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.Contracts.Telemetry;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Observability.Tests.Support;
using CampaignPlans = KeypointGrains.Cluster.Tests.Support.Campaigns;

namespace KeypointGrains.Observability.Tests.Telemetry;

[Collection(RunningSiloCollection.Name)]
public class PredictionTraceTests(RunningSilo silo)
{
    [SkippableFact]
    public async Task A_prediction_is_one_trace_from_the_client_through_the_serving_grain_to_the_forward_pass()
    {
        var data = TestData.TrainingCsv();
        var plan = CampaignPlans.Tiny("trace", data, epochs: 1);
        await silo.Campaigns.StartCampaign(plan with { Models = plan.Models.Take(3).ToArray() });
        await CampaignPlans.Completion(silo.Campaigns, "trace", TimeSpan.FromMinutes(3));
        var batch = Faces.Batch(KaggleCsvReader.ReadTraining(data), 2);

        using var spans = new RecordedSpans();
        await silo.Campaigns.PredictAsync("trace", batch);

        var root = Assert.Single(spans.All, s => s.OperationName == "kg.predict" && s.Source.Name == KeypointTelemetry.Name);
        Assert.Null(root.Parent);
        var trace = spans.All.Where(s => s.TraceId == root.TraceId).ToArray();
        var ensemble = Assert.Single(trace, s => s.OperationName == "kg.ensemble.predict");
        Assert.Equal(2, ensemble.GetTagItem("faces"));
        // The two specialists and the baseline (which fills the columns they leave) ran in one pass in this trace,
        // below the grain call that Orleans' activity propagation carried from the client to the serving grain.
        var pass = Assert.Single(trace, s => s.OperationName == "kg.inference.forward");
        Assert.Equal(plan.Models.Take(3).Select(m => m.Name).Order(), ((string)pass.GetTagItem("models")!).Split(',').Order());
        Assert.True((int)pass.GetTagItem("batch_faces")! >= 2);
        var grainCall = trace.Single(s => s.SpanId == pass.ParentSpanId);
        Assert.StartsWith("Microsoft.Orleans", grainCall.Source.Name);
        Assert.Contains("Predict", grainCall.OperationName);
    }
}
