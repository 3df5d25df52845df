using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Grains.Storage;
using KeypointGrains.Grains.Training;
using KeypointGrains.Hosting.Storage;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Specs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace KeypointGrains.Cluster.Tests.Durability;

/// <summary>
/// A model's latest checkpoint damaged while its cluster was down: the resumed run passes over it for the one before,
/// and a damaged best model is refused by the silo that would serve it. Garbage weights are never loaded.
/// </summary>
public class CorruptCheckpointTests
{
    private const string Model = "nose-tip";

    [SkippableTheory]
    [InlineData("flip")]
    [InlineData("truncate")]
    public async Task A_damaged_latest_checkpoint_is_passed_over_for_the_previous_one_and_a_damaged_model_is_not_served(string damage)
    {
        var data = TestData.TrainingCsv();
        using var folder = new TemporaryFolder();
        var settings = TestClusters.LocalSettings(folder.Path, watchdogSeconds: 2);
        // The second cluster must not resume anything before the test has read the stored state and damaged the checkpoint.
        settings.Training.ResumeOnStart = false;
        var serviceId = $"corrupt-{Guid.NewGuid():N}";
        var campaign = $"corrupt-{damage}";
        // An epoch budget no run reaches, however fast its epochs: the test waits on epochs, and ends the run itself.
        var plan = Support.Campaigns.Tiny(campaign, data, epochs: 1000).Only(Model).WithSpecs(spec => spec with { Checkpoints = new CheckpointPolicy { Overhead = 0 } });

        await using (var first = await TestClusters.StartAsync(settings, serviceId, SiloDevice.Cpu))
        {
            var campaigns = new CampaignClient(first.Client);
            await campaigns.StartCampaign(plan);
            await Poll.Until(() => campaigns.GetStatus(campaign), s => s.Model(Model).Epoch >= 3, TimeSpan.FromMinutes(3), Support.Campaigns.Describe);
        }

        await using var second = await TestClusters.StartAsync(settings, serviceId, SiloDevice.Cpu);
        var stored = await StoredTrainingState(second, campaign);
        var (latest, previous) = (stored.LatestCheckpoint!, stored.PreviousCheckpoint!);
        int reported = stored.History.Max(e => e.Epoch);
        Assert.Equal(latest.Epoch - 1, previous.Epoch);
        var store = new LocalDirectoryCheckpointStore(Path.Combine(folder.Path, CheckpointStores.Container));
        Tamper(store, latest, damage);

        // Asking about the campaign activates the training grain, which resumes from what still loads.
        var restarted = new CampaignClient(second.Client);
        await Poll.Until(() => restarted.GetStatus(campaign), s => s.Model(Model).Epoch > reported, TimeSpan.FromMinutes(3), Support.Campaigns.Describe);
        await restarted.RequestStop(campaign);
        var done = await Support.Campaigns.Completion(restarted, campaign, TimeSpan.FromMinutes(3));

        var model = done.Model(Model);
        Assert.Equal(ModelPhase.Finished, model.Phase);
        // Resumed after the previous checkpoint's epoch: every epoch reported after it was trained again.
        Assert.Equal(reported - previous.Epoch, model.EpochsRepeated);
        var history = (await restarted.GetHistory(campaign)).Single().Epochs;
        Assert.Equal(Enumerable.Range(1, history.Count), history.Select(e => e.Epoch));
        // The trainer checkpoints, damaged one included, are gone once the model has finished: none is leaked.
        Assert.Empty(Directory.EnumerateFiles(store.Directory, "trainer-*", SearchOption.AllDirectories));

        // The best model damaged in turn: the silo that would serve it says so, and loads nothing.
        var manifest = await restarted.GetManifest(campaign);
        var member = manifest.Members.Single();
        Tamper(store, member.Checkpoint, damage);
        var faces = Faces.Batch(KaggleCsvReader.ReadTraining(data), 2);
        var answer = await second.Client.GetGrain<IEnsembleServingGrain>(campaign).Predict(manifest, faces);
        Assert.Empty(answer.Groups);
        var refusal = Assert.Single(answer.Failures);
        Assert.Equal(Model, refusal.Model);
        Assert.StartsWith($"{nameof(CorruptCheckpointException)}: ", refusal.Error);
        Assert.Contains($"{member.Checkpoint} is corrupt", refusal.Error);
        Assert.DoesNotContain('\n', refusal.Error);
    }

    private static async Task<ModelTrainingState> StoredTrainingState(InProcessTestCluster cluster, string campaign)
    {
        var storage = cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(KeypointStorage.Name);
        var grain = cluster.Client.GetGrain<IModelTrainingGrain>(TrainingAssignment.TrainingGrainKey(campaign, Model));
        var state = new GrainState<ModelTrainingState>();
        await storage.ReadStateAsync("training", grain.GetGrainId(), state);
        return state.State ?? throw new InvalidOperationException($"No training state stored for {campaign}/{Model}.");
    }

    private static void Tamper(LocalDirectoryCheckpointStore store, CheckpointReference checkpoint, string damage)
    {
        var path = Path.Combine(store.Directory, checkpoint.Name);
        File.WriteAllBytes(path, Damage.Named(damage)(File.ReadAllBytes(path)));
    }
}
