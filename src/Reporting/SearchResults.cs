using KeypointGrains.Keypoints.Tuning;

namespace KeypointGrains.Reporting;

/// <summary>
/// A recipe search (kg tune) as the report shows it: its trials, and per rung epoch the best validation loss each trial
/// had when it reached the rung (the coordinator's records, which the halving decided from). The trials' learning
/// curves are the study's models.
/// </summary>
public sealed record SearchResults(
    string Campaign,
    int MinEpochs,
    int Reduction,
    int MaxEpochs,
    IReadOnlyList<SearchTrial> Trials,
    IReadOnlyDictionary<int, IReadOnlyDictionary<string, double>> Rungs)
{
    public HalvingStopping Halving => new(MinEpochs, Reduction, MaxEpochs);

    /// <summary>The searched parameters, in the order the trials give them.</summary>
    public IReadOnlyList<string> Parameters => Trials.SelectMany(t => t.Values.Select(v => v.Key)).Distinct().ToArray();

    /// <summary>The highest rung epoch at which <paramref name="trial"/> was recorded, or null below the first.</summary>
    public int? RungReached(string trial) => Rungs.Where(r => r.Value.ContainsKey(trial)).Select(r => (int?)r.Key).Max();
}
