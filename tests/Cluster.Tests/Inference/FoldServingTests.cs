using System.Globalization;
using KeypointGrains.Client.Bench;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.Client.Commands;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.ClusterClient.Inference;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace KeypointGrains.Cluster.Tests.Inference;

/// <summary>
/// A k-fold ensemble through the serving grain: the silo runs every fold copy in its fused pass and the client averages
/// each group's copies, so the served answer is what the per-model passes give averaged over the folds.
/// </summary>
public sealed class FoldServingTests : IAsyncLifetime
{
    private const int Folds = 3, Count = 4;
    private readonly TemporaryFolder folder = new();
    private InProcessTestCluster cluster = null!;
    private ICheckpointStore store = null!;
    private readonly float[] pixels = new float[Count * KeypointSchema.PixelCount];
    private FaceBatch batch = null!;

    public async Task InitializeAsync()
    {
        cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path), SiloDevice.Cpu);
        store = cluster.GetSiloServiceProvider().GetRequiredService<ICheckpointStore>();
        var random = new Random(11);
        var bytes = new byte[pixels.Length];
        random.NextBytes(bytes);
        GreyLevels.Scale(bytes, pixels);
        batch = new FaceBatch(bytes);
    }

    public async Task DisposeAsync()
    {
        await cluster.DisposeAsync();
        folder.Dispose();
    }

    [Fact]
    public async Task Each_group_is_served_as_the_mean_of_its_fold_copies()
    {
        var manifest = await TinyEnsembles.WriteAsync(store, "folds", version: 1, Folds);
        Assert.Equal(7 * Folds, manifest.Members.Count);

        var served = await new CampaignClient(cluster.Client).PredictAsync(manifest, batch);

        Assert.False(served.Degraded);
        foreach (var group in manifest.Specialists.GroupBy(m => m.Group))
            await AssertServedAsMean(served, group.ToArray(), group.First().Columns);
    }

    [Fact]
    public async Task A_group_stands_while_one_copy_answers_and_one_without_any_comes_from_the_baselines_mean()
    {
        var manifest = await TinyEnsembles.WriteAsync(store, "broken-folds", version: 1, Folds, "eye-centers", "nose-tip");
        // Every copy of nose-tip points at missing weights, one copy of eye-centers too.
        var broken = manifest with
        {
            Members = manifest.Members.Select(m => m.Group == "nose-tip" || m.Model == "eye-centers@2"
                ? m with { Checkpoint = m.Checkpoint with { Name = $"broken-folds/{m.Model}/missing.model" } }
                : m).ToArray(),
        };

        var served = await new CampaignClient(cluster.Client).PredictAsync(broken, batch);

        Assert.Equal(["nose-tip"], served.DegradedGroups);
        var eyes = broken.Members.Where(m => m.Group == "eye-centers" && m.Model != "eye-centers@2").ToArray();
        await AssertServedAsMean(served, eyes, eyes[0].Columns);
        var baselines = broken.Members.Where(m => m.Group == ModelPlan.BaselineName).ToArray();
        var uncovered = KeypointSchema.AllColumns.Except(eyes[0].Columns).ToArray();
        await AssertServedAsMean(served, baselines, uncovered);
    }

    [SkippableFact]
    public async Task The_precision_benchmark_scores_each_fold_copy_only_on_the_faces_it_held_out()
    {
        var file = KaggleCsvReader.ReadTraining(TestData.TrainingCsv());
        var faces = file.Select(Enumerable.Range(0, 300).ToArray());
        var plan = CampaignPlans.InFolds(Support.Campaigns.Tiny("scored-folds", "unused.csv").WithSpecs(spec => spec with { Split = spec.Split with { Folds = 2 } }));
        var manifest = await TinyEnsembles.WriteAsync(store, plan.CampaignId, version: 1, folds: 2, "eye-centers", "nose-tip");

        var parts = HeldOutFaces.Of(plan, manifest, faces);
        var figures = await ClusterInferenceBenchmark.RunAsync(cluster.Client, manifest, store, batch,
            new InferenceBenchmarkOptions { BatchSize = Count, LatencyRequests = 1, BatchRequests = 1, WarmupRequests = 0, Device = "cpu" }, parts);

        Assert.Equal(2, parts.Count);
        foreach (var (fold, (members, heldOut)) in parts.Index().Select(p => (p.Index + 1, p.Item)))
        {
            Assert.All(members.Members, m => Assert.EndsWith($"@{fold}", m.Model));
            var (train, _) = DataSplit.Grouped(faces, plan.SplitOf(fold));
            Assert.Empty(heldOut.Ids.Intersect(train.Ids));
        }
        // Every complete face once: each fold holds out its own people.
        var scored = parts.SelectMany(p => p.Faces.Ids).ToArray();
        Assert.Equal(faces.Labelled(KeypointSchema.AllColumns).Ids.Order(), scored.Order());
        Assert.Equal(scored.Length.ToString(), figures.All.Single(f => f.Key == "validation_faces").Value);
        Assert.InRange(double.Parse(figures.All.Single(f => f.Key == "rmse_delta_px").Value, CultureInfo.InvariantCulture), -1e-3, 1e-3);
    }

    /// <summary>The served <paramref name="columns"/> equal the mean of <paramref name="copies"/>' own passes.</summary>
    private async Task AssertServedAsMean(EnsemblePrediction served, IReadOnlyList<EnsembleMember> copies, IReadOnlyList<int> columns)
    {
        var answers = new List<GroupPrediction>();
        foreach (var copy in copies)
            answers.Add(new GroupPrediction(copy.Model, copy.Columns, await StoredModels.PredictAsync(store, copy.Checkpoint, pixels, Count)));
        var mean = FoldAverage.Of(copies[0].Group, answers)!;
        foreach (var column in columns)
        {
            int position = mean.Columns.ToList().IndexOf(column);
            for (int face = 0; face < Count; face++)
                Assert.Equal(mean.Coordinates[face * mean.Columns.Count + position], served.Face(face)[column], tolerance: 1e-4);
        }
    }
}
