using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Specs;
using KeypointGrains.Grains.Placement;

namespace KeypointGrains.Cluster.Tests.Campaigns;

/// <summary>
/// Plans that would fail in every training grain, or wait forever, are refused by Start before anything starts. The
/// cluster forbids CPU training, so nothing could train even if a plan got through.
/// </summary>
public class CampaignPlanValidationTests
{
    [Fact]
    public async Task A_model_that_starts_from_an_unknown_or_a_starting_model_is_refused()
    {
        using var folder = new TemporaryFolder();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path, allowCpu: false), SiloDevice.Cpu);
        var campaigns = new CampaignClient(cluster.Client);

        var unknown = Support.Campaigns.Tiny("unknown-start", "unused.csv", specialistsFromBaseline: true);
        unknown = unknown with { Models = unknown.Models.Select(m => m.Name == "nose-tip" ? m with { Spec = m.Spec with { StartsFrom = "nose" } } : m).ToArray() };
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => campaigns.StartCampaign(unknown));
        Assert.Contains("'nose-tip' starts from 'nose', which is not a model of the plan", refused.Message);
        Assert.Equal(CampaignPhase.NotStarted, (await campaigns.GetStatus("unknown-start")).Phase);

        var chain = Support.Campaigns.Tiny("chain", "unused.csv", specialistsFromBaseline: true);
        chain = chain with { Models = chain.Models.Select(m => m.Name == "nose-tip" ? m with { Spec = m.Spec with { StartsFrom = "eye-centers" } } : m).ToArray() };
        refused = await Assert.ThrowsAsync<ArgumentException>(() => campaigns.StartCampaign(chain));
        Assert.Contains("'eye-centers', which itself starts from 'all'", refused.Message);

        // The same plan with every specialist starting from the baseline is fine, and is another plan than one without.
        var study = Support.Campaigns.Tiny("chain", "unused.csv", specialistsFromBaseline: true);
        Assert.Equal(CampaignPhase.Training, (await campaigns.StartCampaign(study)).Phase);
        await Assert.ThrowsAsync<InvalidOperationException>(() => campaigns.StartCampaign(Support.Campaigns.Tiny("chain", "unused.csv")));
    }

    [Fact]
    public async Task Unknown_augmentations_networks_and_optimizers_are_refused()
    {
        using var folder = new TemporaryFolder();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path, allowCpu: false), SiloDevice.Cpu);
        var campaigns = new CampaignClient(cluster.Client);
        var plan = Support.Campaigns.Tiny("bad-recipe", "unused.csv");

        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            campaigns.StartCampaign(plan.WithRecipes(m => m.Recipe with { Augmentations = ["contrast", "sharpen"] })));
        Assert.Contains("Unknown augmentation 'sharpen'", refused.Message);
        Assert.Contains("adaptive9", refused.Message);
        refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            campaigns.StartCampaign(plan.WithRecipes(m => m.Recipe with { Network = "resnet-9000" })));
        Assert.Contains("network 'resnet-9000' is unknown", refused.Message);
        refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            campaigns.StartCampaign(plan.WithRecipes(m => m.Recipe with { Optimizer = "lion" })));
        Assert.Contains("optimizer 'lion' is unknown", refused.Message);
        Assert.Equal(CampaignPhase.NotStarted, (await campaigns.GetStatus("bad-recipe")).Phase);

        Assert.Equal(CampaignPhase.Training,
            (await campaigns.StartCampaign(plan.WithRecipes(m => m.Recipe with { Augmentations = ["contrast"] }))).Phase);
    }

    [Fact]
    public async Task Models_that_read_another_file_or_split_it_otherwise_are_refused()
    {
        using var folder = new TemporaryFolder();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path, allowCpu: false), SiloDevice.Cpu);
        var campaigns = new CampaignClient(cluster.Client);
        var plan = Support.Campaigns.Tiny("mixed", "a.csv");
        CampaignPlan WithNoseTip(Func<ModelSpec, ModelSpec> change) =>
            plan with { Models = plan.Models.Select(m => m.Name == "nose-tip" ? m with { Spec = change(m.Spec) } : m).ToArray() };

        foreach (var mixed in new[]
                 {
                     WithNoseTip(spec => spec with { DataPath = "b.csv" }),
                     WithNoseTip(spec => spec with { Split = spec.Split with { Seed = 7 } }),
                     WithNoseTip(spec => spec with { Split = spec.Split with { ValidationFraction = 0.3 } }),
                 })
        {
            var refused = await Assert.ThrowsAsync<ArgumentException>(() => campaigns.StartCampaign(mixed));
            Assert.Contains("model 'nose-tip' reads", refused.Message);
            Assert.Contains("share one file and one split", refused.Message);
        }
        Assert.Equal(CampaignPhase.NotStarted, (await campaigns.GetStatus("mixed")).Phase);
        Assert.Equal(CampaignPhase.Training, (await campaigns.StartCampaign(plan)).Phase);
    }
}
