using KeypointGrains.Client.Commands;
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
        var data = TestData.RequireTrainingCsv();
        var serviceId = $"restart-{Guid.NewGuid():N}";
        var settings = TestClusters.AzureSettings(connection);
        // Epochs slow enough (a small CNN) that the cluster stops mid-run.
        var plan = CampaignPlans.SeedStudy("restart", data, new TrainingSettings
        {
            Network = "cnn-small", MaxEpochs = 5, Patience = 100, BatchSize = 32, MaxRows = 160,
            // A checkpoint after every epoch, however long it takes to write, so that a resume repeats at most one.
            CheckpointOverhead = 0,
        });
        plan = plan with { Models = [plan.Models[0], plan.Models[1]] };

        CampaignStatus beforeStop;
        await using (var first = await TestClusters.StartAsync(settings, serviceId, SiloDevice.Cpu))
        {
            var campaigns = new CampaignClient(first.Client);
            await campaigns.StartCampaign(plan);
            do
            {
                await Task.Delay(200);
                beforeStop = await campaigns.GetStatus("restart");
            } while (beforeStop.Models.Any(m => m.Epoch < 2) && beforeStop.Phase != CampaignPhase.Completed);
            output.WriteLine("stopping at " + string.Join(", ", beforeStop.Models.Select(m => $"{m.Model}@{m.Epoch}")));
        }

        await using var second = await TestClusters.StartAsync(settings, serviceId, SiloDevice.Cpu);
        var restarted = new CampaignClient(second.Client);
        var read = await restarted.GetStatus("restart");
        foreach (var model in beforeStop.Models)
            Assert.True(read.Model(model.Model).Epoch >= model.Epoch, $"{model.Model} lost its reported epochs");

        var done = await Support.Campaigns.Completion(restarted, "restart", TimeSpan.FromMinutes(5));
        Assert.All(done.Models, m => Assert.Equal(ModelPhase.Finished, m.Phase));
        Assert.All(done.Models, m => Assert.True(m.EpochsRepeated <= 1, $"{m.Model} repeated {m.EpochsRepeated} epochs"));
        var history = await restarted.GetHistory("restart");
        Assert.All(history, h => Assert.Equal([1, 2, 3, 4, 5], h.Epochs.Select(e => e.Epoch)));
        var resumed = await Task.WhenAll(plan.Models.Select(m => second.Client
            .GetGrain<ISpecialistTrainingGrain>(TrainingAssignment.TrainingGrainKey("restart", m.Name)).GetStatus()));
        Assert.Contains(resumed, s => s.Resumes > 0);
        output.WriteLine("after restart: " + string.Join(", ", done.Models.Select(m => $"{m.Model} repeated {m.EpochsRepeated}")));

        // The checkpoints of the first cluster's life serve predictions in the second's.
        var prediction = await restarted.PredictAsync("restart", Faces.Batch(KaggleCsvReader.ReadTraining(data), 3));
        Assert.False(prediction.Degraded);
        Assert.All(prediction.Coordinates, v => Assert.True(float.IsFinite(v)));
    }
}
