using KeypointGrains.Client.Commands;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Observability.Tests.Support;
using CampaignPlans = KeypointGrains.Cluster.Tests.Support.Campaigns;

namespace KeypointGrains.Observability.Tests.Telemetry;

[Collection(RunningSiloCollection.Name)]
public class PrometheusEndpointTests(RunningSilo silo)
{
    [SkippableFact]
    public async Task A_tiny_campaign_and_a_prediction_show_on_the_silos_metrics_endpoint()
    {
        var data = TestData.TrainingCsv();
        await silo.Campaigns.StartCampaign(CampaignPlans.Tiny("metrics", data, epochs: 2));
        var status = await CampaignPlans.Completion(silo.Campaigns, "metrics", TimeSpan.FromMinutes(4));
        Assert.All(status.Models, m => Assert.Equal(ModelPhase.Finished, m.Phase));
        Assert.False((await silo.Campaigns.PredictAsync("metrics", Faces.Batch(KaggleCsvReader.ReadTraining(data), 3))).Degraded);

        // Prometheus carries no credentials: the endpoint is open even though the dashboards are not.
        var response = await silo.Get("/metrics", authenticated: false);
        response.EnsureSuccessStatusCode();
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n').Where(l => !l.StartsWith('#')).ToArray();

        foreach (var model in status.Models.Select(m => m.Model))
        {
            var epoch = Assert.Single(lines, l => l.StartsWith("kg_training_epoch{") && l.Contains("campaign=\"metrics\"")
                && l.Contains($"model=\"{model}\""));
            Assert.Equal(2, Value(epoch));
            Assert.Contains("device=\"cpu\"", epoch);
        }
        foreach (var name in new[] { "kg_training_loss{", "kg_training_validation_loss{", "kg_training_validation_rmse",
            "kg_training_images_per_second{", "kg_training_epoch_duration_seconds_bucket{", "kg_training_checkpoint_bytes_total{",
            "kg_training_checkpoint_duration_seconds_bucket{" })
            Assert.Contains(lines, l => l.StartsWith(name) && l.Contains("model=\"eye-centers\""));
        Assert.Contains(lines, l => l.StartsWith("kg_inference_request_duration_milliseconds_bucket{") && l.Contains("kind=\"batch\""));
        Assert.Equal(3, Value(Assert.Single(lines, l => l.StartsWith("kg_inference_faces_total{") && l.Contains("campaign=\"metrics\""))));
        // The silo's forward passes (dynamic batching): faces per pass and how long requests queued for them.
        Assert.Contains(lines, l => l.StartsWith("kg_inference_batch_faces_bucket{") && l.Contains("device=\"cpu\""));
        Assert.Contains(lines, l => l.StartsWith("kg_inference_queue_duration_milliseconds_bucket{") && l.Contains("device=\"cpu\""));
        // Orleans' own meter and the .NET runtime's.
        Assert.Contains(lines, l => l.StartsWith("orleans_catalog_activation"));
        Assert.Contains(lines, l => l.StartsWith("dotnet_gc_collections_total"));
    }

    /// <summary>The sample value of a Prometheus text-format line (name{labels} value).</summary>
    private static double Value(string line) => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0],
        System.Globalization.CultureInfo.InvariantCulture);
}
