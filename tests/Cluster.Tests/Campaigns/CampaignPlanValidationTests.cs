using KeypointGrains.Client.Commands;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Grains.Placement;

namespace KeypointGrains.Cluster.Tests.Campaigns;

/// <summary>
/// Plans that would fail in every training grain, or wait forever, are refused by Start before anything starts. The
/// cluster forbids CPU training, so nothing could train even if a plan got through.
/// </summary>
public class CampaignPlanValidationTests
{
    private static readonly TrainingSettings Settings = new() { Network = "mlp" };

    [Fact]
    public async Task A_model_that_starts_from_an_unknown_or_a_starting_model_is_refused()
    {
        using var folder = new TemporaryDirectory();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path, allowCpu: false), SiloDevice.Cpu);
        var campaigns = new CampaignClient(cluster.Client);

        var unknown = CampaignPlans.SeedStudy("unknown-start", "unused.csv", Settings, specialistsFromBaseline: true);
        unknown = unknown with { Models = unknown.Models.Select(m => m.Name == "nose-tip" ? m with { StartsFrom = "nose" } : m).ToArray() };
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => campaigns.StartCampaign(unknown));
        Assert.Contains("'nose-tip' starts from 'nose', which is not a model of the plan", refused.Message);
        Assert.Equal(CampaignPhase.NotStarted, (await campaigns.GetStatus("unknown-start")).Phase);

        var chain = CampaignPlans.SeedStudy("chain", "unused.csv", Settings, specialistsFromBaseline: true);
        chain = chain with { Models = chain.Models.Select(m => m.Name == "nose-tip" ? m with { StartsFrom = "eye-centers" } : m).ToArray() };
        refused = await Assert.ThrowsAsync<ArgumentException>(() => campaigns.StartCampaign(chain));
        Assert.Contains("'eye-centers', which itself starts from 'all'", refused.Message);

        // The same plan with every specialist starting from the baseline is fine, and is another plan than one without.
        var study = CampaignPlans.SeedStudy("chain", "unused.csv", Settings, specialistsFromBaseline: true);
        Assert.Equal(CampaignPhase.Training, (await campaigns.StartCampaign(study)).Phase);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            campaigns.StartCampaign(CampaignPlans.SeedStudy("chain", "unused.csv", Settings)));
    }

    [Fact]
    public async Task An_unknown_augmentation_is_refused()
    {
        using var folder = new TemporaryDirectory();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path, allowCpu: false), SiloDevice.Cpu);
        var campaigns = new CampaignClient(cluster.Client);

        var plan = CampaignPlans.SeedStudy("bad-augment", "unused.csv", Settings with { Augment = "contrast,sharpen" });
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => campaigns.StartCampaign(plan));
        Assert.Contains("Unknown augmentation 'sharpen'", refused.Message);
        Assert.Contains("adaptive9", refused.Message);
        Assert.Equal(CampaignPhase.NotStarted, (await campaigns.GetStatus("bad-augment")).Phase);

        Assert.Equal(CampaignPhase.Training, (await campaigns.StartCampaign(plan with { Training = Settings with { Augment = "contrast" } })).Phase);
    }
}
