using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Keypoints.Data;
using Xunit.Abstractions;

namespace KeypointGrains.Cluster.Tests.Durability;

/// <summary>Grain state in Azure Blob storage, reminders in Azure Tables and checkpoints as blobs, all on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public class AzurePersistenceTests(Azurite azurite, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task A_campaign_stopped_with_the_whole_cluster_resumes_from_its_checkpoints_after_a_restart()
    {
        var connection = azurite.Require();
        var data = TestData.TrainingCsv();
        var serviceId = $"restart-{Guid.NewGuid():N}";
        var settings = TestClusters.AzureSettings(connection);
        // An epoch budget no run reaches, however fast its epochs: the test waits on epochs, and ends the runs itself.
        var plan = Support.Campaigns.Tiny("restart", data, epochs: 1000).Only(ModelPlan.BaselineName, "eye-centers")
            .WithRecipes(m => m.Recipe with { MaxTrainingFaces = 160, Patience = 1000 }) with
        {
            // A checkpoint after every epoch, however long it takes to write, so that a resume repeats at most one.
            Checkpoints = new CheckpointPolicy { Overhead = 0 },
        };

        CampaignStatus beforeStop;
        await using (var first = await TestClusters.StartAsync(settings, serviceId, SiloDevice.Cpu))
        {
            var campaigns = new CampaignClient(first.Client);
            await campaigns.StartCampaign(plan);
            beforeStop = await Poll.Until(() => campaigns.GetStatus("restart"), s => s.Models.All(m => m.Epoch >= 2),
                TimeSpan.FromMinutes(4), Support.Campaigns.Describe);
            output.WriteLine("stopping at " + string.Join(", ", beforeStop.Models.Select(m => $"{m.Model}@{m.Epoch}")));
        }

        await using var second = await TestClusters.StartAsync(settings, serviceId, SiloDevice.Cpu);
        var restarted = new CampaignClient(second.Client);
        var read = await restarted.GetStatus("restart");
        foreach (var model in beforeStop.Models)
            Assert.True(read.Model(model.Model).Epoch >= model.Epoch, $"{model.Model} lost its reported epochs");

        // Training goes on from the checkpoints; once every model has trained past where it stopped, end the runs.
        var resumed = await Poll.Until(() => restarted.GetStatus("restart"),
            s => s.Models.All(m => m.Epoch >= beforeStop.Model(m.Model).Epoch + 2), TimeSpan.FromMinutes(4), Support.Campaigns.Describe);
        await restarted.RequestStop("restart");
        var done = await Support.Campaigns.Completion(restarted, "restart", TimeSpan.FromMinutes(3));
        Assert.All(done.Models, m => Assert.Equal(ModelPhase.Finished, m.Phase));
        Assert.All(done.Models, m => Assert.True(m.EpochsRepeated <= 1, $"{m.Model} repeated {m.EpochsRepeated} epochs"));
        var history = await restarted.GetHistory("restart");
        Assert.All(history, h => Assert.Equal(Enumerable.Range(1, h.Epochs.Count), h.Epochs.Select(e => e.Epoch)));
        Assert.All(history, h => Assert.True(h.Epochs.Count >= resumed.Model(h.Model).Epoch));
        var statuses = await Task.WhenAll(plan.Models.Select(m => second.Client
            .GetGrain<IModelTrainingGrain>(TrainingAssignment.TrainingGrainKey("restart", m.Name)).GetStatus()));
        Assert.All(statuses, s => Assert.True(s.Resumes > 0, $"{s.Model} never resumed"));
        output.WriteLine("after restart: " + string.Join(", ", done.Models.Select(m => $"{m.Model} repeated {m.EpochsRepeated}")));

        // The checkpoints of the first cluster's life serve predictions in the second's.
        var prediction = await restarted.PredictAsync("restart", Faces.Batch(KaggleCsvReader.ReadTraining(data), 3));
        Assert.False(prediction.Degraded);
        Assert.All(prediction.Coordinates, v => Assert.True(float.IsFinite(v)));
    }
}
