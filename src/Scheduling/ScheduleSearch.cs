using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Tuning;
using KeypointGrains.Specs;

namespace KeypointGrains.Scheduling;

/// <summary>
/// The coordinator's own decisions for a simulated search (kg bench tune --simulate): a <see cref="CampaignSchedule"/>
/// over a plan whose models are the trials, with successive halving and at most one trial training per accelerator, its
/// records kept as the coordinator keeps them.
/// </summary>
public sealed class ScheduleSearch : IStoppingSearch
{
    private readonly string[] names;
    private readonly Dictionary<string, int> numbers;
    private readonly Dictionary<string, ModelRecord> records;
    private readonly CampaignSchedule schedule;

    public ScheduleSearch(SimulationOptions options)
    {
        names = Enumerable.Range(0, options.Trials).Select(t => $"trial-{t:D6}").ToArray();
        numbers = names.Select((name, number) => (name, number)).ToDictionary(t => t.name, t => t.number);
        // As kg tune plans them: the whole budget, no patience but the budget.
        var spec = new ModelSpec("", KeypointSchema.AllColumns, new TrainingRecipe { MaxEpochs = options.MaxEpochs, Patience = options.MaxEpochs });
        var plan = new CampaignPlan("simulation", names.Select(name => new ModelPlan(name, spec)).ToArray())
        {
            Halving = new SuccessiveHalving(options.MinEpochs, options.Reduction), MaxTrainingModels = options.Accelerators,
        };
        records = names.ToDictionary(name => name, _ => new ModelRecord());
        schedule = new CampaignSchedule(plan, records, []);
    }

    public IReadOnlyList<int> Start(int free)
    {
        var started = schedule.Startable.Where(m => records[m.Name].Phase != ModelPhase.Training).Take(free).Select(m => numbers[m.Name]).ToArray();
        // What a started training grain's first status makes of its record.
        foreach (var trial in started) records[names[trial]].Phase = ModelPhase.Training;
        return started;
    }

    public bool Stops(int trial, int epoch, int bestEpoch, double bestLoss) => schedule.StopsEarly(names[trial], epoch, bestEpoch, bestLoss);

    public void Ended(int trial, bool stopped) => records[names[trial]].Phase = stopped ? ModelPhase.EarlyStopped : ModelPhase.Finished;
}
