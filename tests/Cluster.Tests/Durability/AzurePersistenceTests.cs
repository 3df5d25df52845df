using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Hosting.Storage;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Specs;
using Xunit.Abstractions;

namespace KeypointGrains.Cluster.Tests.Durability;

/// <summary>Grain state in Azure Blob storage, reminders in Azure Tables and checkpoints as blobs, all on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public class AzurePersistenceTests(Azurite azurite, ITestOutputHelper output)
{
    // Grain state in Azure Blob storage is keyed by grain, not by cluster: each run trains a campaign of its own.
    private readonly string campaign = $"restart-{Guid.NewGuid():N}"[..20];

    [SkippableFact]
    public async Task A_campaign_stopped_with_the_whole_cluster_resumes_by_its_reminder_from_its_checkpoints_after_a_restart()
    {
        var connection = azurite.Require();
        var data = TestData.TrainingCsv();
        var serviceId = $"restart-{Guid.NewGuid():N}";
        var settings = TestClusters.AzureSettings(connection);
        // An epoch budget no run reaches, however fast its epochs: the test waits on epochs, and ends the runs itself.
        var plan = Support.Campaigns.Tiny(campaign, data, epochs: 1000).Only(ModelPlan.BaselineName, "eye-centers")
            .WithRecipes(m => m.Recipe with { MaxTrainingFaces = 160, Patience = 1000 })
            // A checkpoint after every epoch, however long it takes to write, so that a resume repeats at most one.
            .WithSpecs(spec => spec with { Checkpoints = new CheckpointPolicy { Overhead = 0 } });

        CampaignStatus beforeStop;
        await using (var first = await TestClusters.StartAsync(settings, serviceId, SiloDevice.Cpu))
        {
            var campaigns = new CampaignClient(first.Client);
            await campaigns.StartCampaign(plan);
            beforeStop = await Poll.Until(() => campaigns.GetStatus(campaign), s => s.Models.All(m => m.Epoch >= 2),
                TimeSpan.FromMinutes(4), Support.Campaigns.Describe);
            output.WriteLine("stopping at " + string.Join(", ", beforeStop.Models.Select(m => $"{m.Model}@{m.Epoch}")));
        }
        var checkpoints = new BlobServiceClient(connection).GetBlobContainerClient(CheckpointStores.Container);
        var checkpointed = await CheckpointedEpochs(checkpoints);

        // Nobody calls the new cluster until new checkpoints show that the coordinator's reminder has set training going.
        await using var second = await TestClusters.StartAsync(settings, serviceId, SiloDevice.Cpu);
        await Poll.Until(() => CheckpointedEpochs(checkpoints),
            now => plan.Models.All(m => now.GetValueOrDefault(m.Name) > checkpointed.GetValueOrDefault(m.Name)), TimeSpan.FromMinutes(4),
            now => string.Join(", ", now?.Select(c => $"{c.Key}@{c.Value}") ?? []));

        var restarted = new CampaignClient(second.Client);
        var read = await restarted.GetStatus(campaign);
        foreach (var model in beforeStop.Models)
            Assert.True(read.Model(model.Model).Epoch >= model.Epoch, $"{model.Model} lost its reported epochs");
        await restarted.RequestStop(campaign);
        var done = await Support.Campaigns.Completion(restarted, campaign, TimeSpan.FromMinutes(3));
        Assert.All(done.Models, m => Assert.Equal(ModelPhase.Finished, m.Phase));
        Assert.All(done.Models, m => Assert.True(m.EpochsRepeated <= 1, $"{m.Model} repeated {m.EpochsRepeated} epochs"));
        var history = await restarted.GetHistory(campaign);
        Assert.All(history, h => Assert.Equal(Enumerable.Range(1, h.Epochs.Count), h.Epochs.Select(e => e.Epoch)));
        var statuses = await Task.WhenAll(plan.Models.Select(m => second.Client
            .GetGrain<IModelTrainingGrain>(TrainingAssignment.TrainingGrainKey(campaign, m.Name)).GetStatus()));
        Assert.All(statuses, s => Assert.True(s.Resumes > 0, $"{s.Model} never resumed"));
        output.WriteLine("after restart: " + string.Join(", ", done.Models.Select(m => $"{m.Model} repeated {m.EpochsRepeated}")));

        // The checkpoints of the first cluster's life serve predictions in the second's.
        var prediction = await restarted.PredictAsync(campaign, Faces.Batch(KaggleCsvReader.ReadTraining(data), 3));
        Assert.False(prediction.Degraded);
        Assert.All(prediction.Coordinates, v => Assert.True(float.IsFinite(v)));
    }

    /// <summary>Each model's newest trainer checkpoint blob (campaign/model/trainer-00007-g2.ckpt: 7).</summary>
    private async Task<Dictionary<string, int>> CheckpointedEpochs(BlobContainerClient checkpoints)
    {
        var epochs = new Dictionary<string, int>();
        await foreach (var blob in checkpoints.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{campaign}/", CancellationToken.None))
        {
            var match = Regex.Match(blob.Name, @"^[^/]+/([^/]+)/trainer-(\d+)-g\d+\.ckpt$");
            if (!match.Success) continue;
            var (model, epoch) = (match.Groups[1].Value, int.Parse(match.Groups[2].Value));
            epochs[model] = Math.Max(epochs.GetValueOrDefault(model), epoch);
        }
        return epochs;
    }
}
