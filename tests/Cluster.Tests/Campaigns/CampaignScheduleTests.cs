using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Scheduling;
using KeypointGrains.Specs;
using TinyCampaigns = KeypointGrains.Cluster.Tests.Support.Campaigns;

namespace KeypointGrains.Cluster.Tests.Campaigns;

/// <summary>The coordinator's decisions without a silo: statuses in, what to start, skip and serve out.</summary>
public class CampaignScheduleTests
{
    private static readonly CampaignPlan Plan = TinyCampaigns.Tiny("schedule", "training.csv", specialistsFromBaseline: true);

    [Fact]
    public void Specialists_that_start_from_the_baseline_wait_until_it_has_a_model_then_start_from_its_best_weights()
    {
        var (schedule, _) = Fresh();
        Assert.Equal([ModelPlan.BaselineName], schedule.Startable.Select(m => m.Name));
        var before = schedule.Ended;

        Assert.Equal(StatusEffect.Started, schedule.Absorb(Status(ModelPlan.BaselineName, ModelPhase.Training)));
        Assert.False(schedule.Unblocked(before));
        Assert.Equal(StatusEffect.EndedWithModel, schedule.Absorb(Finished(ModelPlan.BaselineName)));

        Assert.True(schedule.Unblocked(before));
        var specialists = schedule.Startable.ToArray();
        Assert.Equal(Plan.Models.Where(m => m.StartsFrom == ModelPlan.BaselineName).Select(m => m.Name), specialists.Select(m => m.Name));
        Assert.All(specialists, m => Assert.Equal(Checkpoint(ModelPlan.BaselineName), schedule.InitialWeights(m)));
        Assert.Equal([ModelPlan.BaselineName], schedule.Members().Select(m => m.Model));
        Assert.False(schedule.IsComplete);
    }

    [Fact]
    public void A_failed_baseline_skips_the_models_that_start_from_it_and_completes_the_campaign()
    {
        var (schedule, records) = Fresh();
        Assert.Equal(StatusEffect.Failed, schedule.Absorb(Status(ModelPlan.BaselineName, ModelPhase.Failed) with { Error = "out of memory" }));

        var skipped = schedule.SkipOrphans();

        Assert.Equal(Plan.Models.Count - 1, skipped.Count);
        Assert.All(skipped, m => Assert.Equal("it starts from 'all', which failed", records[m.Name].Error));
        Assert.Empty(schedule.Startable);
        Assert.Empty(schedule.Members());
        Assert.True(schedule.IsComplete);
    }

    [Fact]
    public void An_ended_model_is_never_changed_again_by_a_late_or_repeated_status()
    {
        var (schedule, records) = Fresh();
        schedule.Absorb(Finished(ModelPlan.BaselineName));

        Assert.Equal(StatusEffect.None, schedule.Absorb(Finished(ModelPlan.BaselineName)));
        Assert.Equal(StatusEffect.None, schedule.Absorb(Status(ModelPlan.BaselineName, ModelPhase.Failed)));
        Assert.Equal(ModelPhase.Finished, records[ModelPlan.BaselineName].Phase);
        Assert.Throws<ArgumentException>(() => schedule.Absorb(Status("no-such-model", ModelPhase.Training)));
    }

    [Fact]
    public void A_model_stops_early_once_more_epochs_than_its_patience_pass_without_a_better_loss_and_never_once_ended()
    {
        var plan = Plan.WithRecipes(m => m.Recipe with { Patience = 2 });
        var records = plan.Models.ToDictionary(m => m.Name, _ => new ModelRecord());
        var schedule = new CampaignSchedule(plan, records, []);

        Assert.False(schedule.StopsEarly(ModelPlan.BaselineName, lastEpoch: 5, bestEpoch: 3, bestLoss: 0.1));
        Assert.True(schedule.StopsEarly(ModelPlan.BaselineName, lastEpoch: 6, bestEpoch: 3, bestLoss: 0.1));
        schedule.Absorb(Finished(ModelPlan.BaselineName));
        Assert.False(schedule.StopsEarly(ModelPlan.BaselineName, lastEpoch: 9, bestEpoch: 3, bestLoss: 0.1));
    }

    [Fact]
    public void A_search_stops_trials_at_rungs_and_starts_no_more_than_its_places()
    {
        var trials = Enumerable.Range(1, 5).Select(t => new ModelPlan($"trial-{t}", new ModelSpec("training.csv", [0, 1], TinyCampaigns.TinyRecipe(epochs: 9)))).ToArray();
        var plan = new CampaignPlan("search", trials) { Halving = new SuccessiveHalving(1, 3), MaxTrainingModels = 2 };
        var records = trials.ToDictionary(m => m.Name, _ => new ModelRecord());
        var rungs = new Dictionary<int, Dictionary<string, double>>();
        var schedule = new CampaignSchedule(plan, records, rungs);

        Assert.Equal(["trial-1", "trial-2"], schedule.Startable.Select(m => m.Name));
        schedule.Absorb(Status("trial-1", ModelPhase.Training));
        Assert.Equal(["trial-1", "trial-2"], schedule.Startable.Select(m => m.Name));

        // Rung 1: the first trial there goes on; of three, only the best goes on (⌈3/3⌉ = 1).
        Assert.False(schedule.StopsEarly("trial-1", lastEpoch: 1, bestEpoch: 1, bestLoss: 0.5));
        Assert.True(schedule.StopsEarly("trial-2", lastEpoch: 1, bestEpoch: 1, bestLoss: 0.7));
        Assert.False(schedule.StopsEarly("trial-3", lastEpoch: 1, bestEpoch: 1, bestLoss: 0.4));
        // Between rungs nobody stops; a repeated report of a rung decides from the first record.
        Assert.False(schedule.StopsEarly("trial-2", lastEpoch: 2, bestEpoch: 2, bestLoss: 0.1));
        Assert.True(schedule.StopsEarly("trial-2", lastEpoch: 1, bestEpoch: 1, bestLoss: 0.1));
        Assert.Equal(new Dictionary<string, double> { ["trial-1"] = 0.5, ["trial-2"] = 0.7, ["trial-3"] = 0.4 }, rungs[1]);
        // Rungs are 1 and 3 below the budget of 9: the budget itself is no rung.
        Assert.False(schedule.StopsEarly("trial-4", lastEpoch: 9, bestEpoch: 9, bestLoss: 9));
    }

    private static (CampaignSchedule, Dictionary<string, ModelRecord>) Fresh()
    {
        var records = Plan.Models.ToDictionary(m => m.Name, _ => new ModelRecord());
        return (new CampaignSchedule(Plan, records, []), records);
    }

    private static TrainingStatus Status(string model, ModelPhase phase) =>
        new(model, phase, null, null, null, null, null, "silo", "cpu", 0, 0, null);

    private static TrainingStatus Finished(string model) =>
        Status(model, ModelPhase.Finished) with
        {
            Completion = new ModelCompletion(model, "mlp", [0, 1], Checkpoint(model), 3, 0.01, 3, false),
        };

    private static CheckpointReference Checkpoint(string model) => new("checkpoints", $"{model}-best", 3, 100);
}
