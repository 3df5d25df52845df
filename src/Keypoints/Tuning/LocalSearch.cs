using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Tuning;

/// <summary>
/// A search on this machine's one accelerator: ASHA through <see cref="AshaScheduler"/>, a paused trial kept as its
/// checkpoint until it is promoted, or every trial trained to the full budget. Both train the same trials on the same
/// split, with the cosine or linear schedule laid over the full budget, so a trial's first epochs are the same either
/// way.
/// </summary>
public sealed class LocalSearch(FaceSet train, FaceSet validation, TrainingRecipe baseRecipe, IReadOnlyList<Trial> trials,
    int minEpochs, int maxEpochs, int reduction, TrainerSetup? setup = null)
{
    private readonly Dictionary<string, FaceSet> expandedTraining = [];

    /// <summary>ASHA over the trials; <paramref name="progress"/> hears each epoch with its trial.</summary>
    public IReadOnlyList<TrialOutcome> Asha(Action<Trial, EpochResult>? progress = null, CancellationToken cancellation = default)
    {
        var scheduler = new AshaScheduler(trials.Count, minEpochs, maxEpochs, reduction);
        var checkpoints = new Dictionary<int, byte[]>();
        var histories = trials.ToDictionary(t => t.Number, _ => new List<EpochResult>());
        while (scheduler.NextJob() is { } job)
        {
            var trial = trials[job.Trial];
            using var trainer = Trainer(trial);
            if (!job.IsNewTrial) trainer.LoadCheckpoint(new MemoryStream(checkpoints[job.Trial]));
            new ModelRun(trainer, new EpochLimit(job.ToEpoch)).Run(new EpochProgress(epoch =>
            {
                histories[job.Trial].Add(epoch);
                progress?.Invoke(trial, epoch);
            }), cancellation);
            cancellation.ThrowIfCancellationRequested();
            using var checkpoint = new MemoryStream();
            trainer.SaveCheckpoint(checkpoint);
            checkpoints[job.Trial] = checkpoint.ToArray();
            scheduler.Report(job.Trial, histories[job.Trial].Min(e => e.ValidationRmsePixels));
        }
        return trials.Where(t => histories[t.Number].Count > 0).Select(t => Outcome(t, histories[t.Number])).ToArray();
    }

    /// <summary>Every trial trained for the full budget, one after another.</summary>
    public IReadOnlyList<TrialOutcome> Full(Action<Trial, EpochResult>? progress = null, CancellationToken cancellation = default) =>
        trials.Select(trial =>
        {
            using var trainer = Trainer(trial);
            var history = new List<EpochResult>();
            new ModelRun(trainer).Run(new EpochProgress(epoch =>
            {
                history.Add(epoch);
                progress?.Invoke(trial, epoch);
            }), cancellation);
            cancellation.ThrowIfCancellationRequested();
            return Outcome(trial, history);
        }).ToArray();

    private KeypointTrainer Trainer(Trial trial)
    {
        var recipe = trial.Recipe(baseRecipe);
        // Trials whose augmentations copy the same faces share the copies.
        var key = string.Join(",", AugmentationRegistry.Of(recipe).Expansions.Select(a => a.Name));
        if (!expandedTraining.TryGetValue(key, out var rows)) expandedTraining[key] = rows = FaceSetAugmenter.Expand(train, recipe);
        // Early stopping is the search's business: a trial trains exactly the epochs its jobs ask for.
        return new KeypointTrainer(recipe with { MaxEpochs = maxEpochs }, rows, validation, setup);
    }

    private static TrialOutcome Outcome(Trial trial, List<EpochResult> history)
    {
        var best = double.PositiveInfinity;
        var bestSoFar = history.Select(e => best = Math.Min(best, e.ValidationRmsePixels)).ToArray();
        return new TrialOutcome(trial, history.Count, bestSoFar[^1],
            new RecordedCurve(trial.ToString(), bestSoFar, history.Select(e => e.Seconds).ToArray()));
    }
}
