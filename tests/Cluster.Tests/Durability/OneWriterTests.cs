using System.Text.RegularExpressions;
using Azure.Storage.Blobs.Models;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Grains.Storage;
using KeypointGrains.Hosting.Storage;
using KeypointGrains.Specs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Xunit.Abstractions;

namespace KeypointGrains.Cluster.Tests.Durability;

/// <summary>
/// One writer per model. A state write whose answer was lost (it landed) does not make the next write look like
/// another activation's; and two activations of one model, each on a cluster of its own over the same storage (what a
/// partition makes), leave one writer: the stale one's write is refused, it stops, and no checkpoint replaces another.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class OneWriterTests(Azurite azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [SkippableFact]
    public async Task A_state_write_whose_answer_was_lost_is_read_back_and_the_same_activation_trains_on_with_its_whole_history()
    {
        var data = TestData.TrainingCsv();
        using var folder = new TemporaryFolder();
        var settings = TestClusters.LocalSettings(folder.Path);
        await using var cluster = await TestClusters.StartAsync(settings, null, silo => silo.Services.AddKeyedSingleton<IGrainStorage>(
            KeypointStorage.Name, (services, name) => new LostAnswerStorage(new DirectoryGrainStorage(Path.Combine(folder.Path, "state"),
                services.GetRequiredKeyedService<IGrainStorageSerializer>(name)))), SiloDevice.Cpu);
        var assignment = Assignment("lost-answer", data);
        var model = cluster.Client.GetGrain<IModelTrainingGrain>(assignment.GrainKey);
        await model.Start(assignment);
        await Until(model, s => s.LastEpoch?.Epoch >= 2);

        LostAnswerStorage.LoseNextAnswer(assignment.GrainKey);
        var lost = await Until(model, _ => true);
        // The write after the lost one has been made, and two more.
        await Until(model, s => s.LastEpoch?.Epoch >= lost.LastEpoch!.Epoch + 4);
        await model.RequestStop();
        var done = await Until(model, s => s.Phase != ModelPhase.Training);

        Assert.Equal(ModelPhase.Finished, done.Phase);
        // The activation never let go: no resume, no second claim, no epoch trained twice.
        Assert.Equal(0, done.Resumes);
        Assert.Equal(1, done.Generation);
        Assert.Equal(0, done.EpochsRepeated);
        var history = await model.GetHistory(0);
        Assert.Equal(Enumerable.Range(1, history.Count), history.Select(e => e.Epoch));
        Assert.All(history, e => Assert.NotNull(e.Checkpoint));
    }

    [SkippableFact]
    public async Task Two_activations_of_one_model_over_the_same_storage_leave_one_writer_and_no_checkpoint_replaces_another()
    {
        var connection = azurite.Require();
        var data = TestData.TrainingCsv();
        var settings = TestClusters.AzureSettings(connection, watchdogSeconds: 60);
        var serviceId = $"one-writer-{Guid.NewGuid():N}";
        var assignment = Assignment($"fence-{Guid.NewGuid():N}"[..20], data);
        using var fencing = new FencingCounts(assignment.CampaignId);
        await using var stale = await TestClusters.StartAsync(settings, serviceId, SiloDevice.Cpu);
        await using var current = await TestClusters.StartAsync(settings, serviceId, SiloDevice.Cpu);
        var staleSilo = stale.Silos[0].SiloAddress.ToString();

        var first = stale.Client.GetGrain<IModelTrainingGrain>(assignment.GrainKey);
        await first.Start(assignment);
        await Until(first, s => s.LastEpoch?.Epoch >= 2);
        // The second cluster does not know the first: its activation claims the model, as one on the far side of a partition would.
        var second = current.Client.GetGrain<IModelTrainingGrain>(assignment.GrainKey);
        var claimed = await second.Start(assignment);
        Assert.Equal(2, claimed.Generation);
        // The claim may race a write of the stale run (read before it, written after) and be refused before one lands.
        long claimRaces = fencing.DuplicateActivations(current.Silos[0].SiloAddress.ToString());

        // The stale activation's next checkpoint is refused (its state write), and it stops training.
        await Poll.Until(() => Task.FromResult(fencing.DuplicateActivations(staleSilo)), n => n > 0, Limit);
        var checkpoints = AzureStorageClients.Blobs(connection).GetBlobContainerClient(CheckpointStores.Container);
        int staleEpochAtRefusal = (await CheckpointEpochs(checkpoints, assignment, generation: 1)).DefaultIfEmpty().Max();
        var atRefusal = await second.GetStatus();
        await Until(second, s => s.LastEpoch?.Epoch >= atRefusal.LastEpoch!.Epoch + 3);
        // Read before the current run ends: an ended model's trainer checkpoints go, the stale run's included.
        var staleEpochs = await CheckpointEpochs(checkpoints, assignment, generation: 1);
        await second.RequestStop();
        var done = await Until(second, s => s.Phase != ModelPhase.Training);
        output.WriteLine($"generation {done.Generation}, claim raced {claimRaces} time(s); refused writes {fencing.WritesRefused()} (stale side {fencing.WritesRefused(staleSilo)}), " +
                         $"duplicate activations {fencing.DuplicateActivations()} (stale side {fencing.DuplicateActivations(staleSilo)}); " +
                         $"stale run's checkpoints up to epoch {staleEpochs.DefaultIfEmpty().Max()} (at its refusal {staleEpochAtRefusal}); " +
                         $"current finished at epoch {done.LastEpoch?.Epoch}");

        Assert.Equal(ModelPhase.Finished, done.Phase);
        // The stale activation's write is refused. Every other activation that met a refusal after its claim landed had been
        // superseded by a later claim (each raises the generation), and the one that finished never was. Where neither
        // side dies (two clusters, unlike a real partition) a call on the stale side after its refusal may activate the
        // model there once more and claim it back, and the current side's next write is then refused in turn.
        Assert.True(fencing.WritesRefused(staleSilo, "state") >= 1);
        Assert.True(fencing.DuplicateActivations(staleSilo) >= 1);
        long refusedAfterClaims = fencing.DuplicateActivations() - claimRaces;
        Assert.True(done.Generation >= refusedAfterClaims + 1,
            $"{refusedAfterClaims} activations met a refusal after their claim, but only {done.Generation} claims landed");
        // The stale run ended with the epoch it was in: at most one checkpoint of its generation after the refusal.
        Assert.True(staleEpochs.DefaultIfEmpty().Max() <= staleEpochAtRefusal + 1,
            $"the stale run stored checkpoints up to epoch {staleEpochs.Max()} after its refusal at {staleEpochAtRefusal}");
        Assert.Equal(0, done.OlderCheckpointWrites);
        var history = await second.GetHistory(0);
        Assert.Equal(Enumerable.Range(1, history.Count), history.Select(e => e.Epoch));
        // The finished model's trainer checkpoints go (just after its phase is stored), the stale run's included.
        await Poll.Until(() => CheckpointEpochs(checkpoints, assignment, generation: 1), epochs => epochs.Count == 0, Limit);
    }

    private static TrainingAssignment Assignment(string campaign, string data)
    {
        // An epoch budget no run reaches: the test ends the run itself. A checkpoint after every epoch.
        var plan = Support.Campaigns.Tiny(campaign, data, epochs: 1000).Only(ModelPlan.BaselineName).WithSpecs(spec => spec with { Checkpoints = new CheckpointPolicy { Overhead = 0 } });
        return TrainingAssignment.For(plan, plan.Models.Single());
    }

    /// <summary>The epochs of the model's trainer checkpoints of one generation (trainer-00007-g1.ckpt: 7).</summary>
    private static async Task<List<int>> CheckpointEpochs(Azure.Storage.Blobs.BlobContainerClient checkpoints, TrainingAssignment assignment, int generation)
    {
        var epochs = new List<int>();
        await foreach (var blob in checkpoints.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{assignment.GrainKey}/", CancellationToken.None))
        {
            var match = Regex.Match(blob.Name, $@"/trainer-(\d+)-g{generation}\.ckpt$");
            if (match.Success) epochs.Add(int.Parse(match.Groups[1].Value));
        }
        return epochs;
    }

    private static Task<TrainingStatus> Until(IModelTrainingGrain model, Func<TrainingStatus, bool> until) =>
        Poll.Until(model.GetStatus, until, Limit, s => $"{s?.Phase} epoch {s?.LastEpoch?.Epoch} {s?.Error}");
}
