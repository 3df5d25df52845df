using System.Reflection;
using System.Text.RegularExpressions;
using KeypointGrains.Client.Processes;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Grains.Placement;
using Orleans.Concurrency;

namespace KeypointGrains.Cluster.Tests.Campaigns;

/// <summary>The coordinator runs early stopping: it hears every epoch and stops a model that its patience gives up on.</summary>
public partial class CoordinatorEarlyStoppingTests
{
    [SkippableFact]
    public async Task A_model_without_progress_is_stopped_early_by_the_coordinator_and_keeps_its_best_epoch()
    {
        var data = TestData.TrainingCsv();
        using var folder = new TemporaryFolder();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path, watchdogSeconds: 2), SiloDevice.Cpu);
        var campaigns = new CampaignClient(cluster.Client);
        // A learning rate of 0: every epoch's validation loss is the first one's, so the first epoch stays the best and a
        // patience of 0 gives up after the second. Left to itself the run would train all 50 epochs.
        var plan = Support.Campaigns.Tiny("stops-early", data, epochs: 50).Only(ModelPlan.BaselineName)
            .WithRecipes(m => m.Recipe with { LearningRateStart = 0, LearningRateEnd = 0, Patience = 0 });

        await campaigns.StartCampaign(plan);
        var done = await Support.Campaigns.Completion(campaigns, plan.CampaignId, TimeSpan.FromMinutes(3));

        var model = done.Model(ModelPlan.BaselineName);
        Assert.Equal(ModelPhase.EarlyStopped, model.Phase);
        Assert.Equal(1, model.BestEpoch);
        // The stop lands after the epoch in training when it was decided (epoch 2), or a little later: never the full run.
        Assert.InRange(model.Epoch, 2, 10);
        var manifest = await campaigns.GetManifest(plan.CampaignId);
        Assert.Equal(1, manifest.Baseline!.Checkpoint.Epoch);
    }

    [Fact]
    public void Training_grains_tell_the_coordinator_things_one_way_only()
    {
        // The coordinator is not reentrant and calls training grains; a training grain that awaited it could deadlock.
        var sources = Directory.GetFiles(Path.Combine(Checkout.Root, "src", "Grains", "Training"), "*.cs");
        var called = sources.SelectMany(file => CoordinatorCall().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value)).ToHashSet();

        Assert.Equal(["EpochEnded", "ModelEnded"], called.Order());
        foreach (var name in called)
            Assert.True(typeof(ICampaignCoordinatorGrain).GetMethod(name)!.GetCustomAttribute<OneWayAttribute>() is not null,
                $"Training grains call ICampaignCoordinatorGrain.{name}, which is not [OneWay].");
    }

    [GeneratedRegex(@"\bCoordinator\.(\w+)\(|GetGrain<ICampaignCoordinatorGrain>\([^)]*\)\.(\w+)\(")]
    private static partial Regex CoordinatorCall();
}
