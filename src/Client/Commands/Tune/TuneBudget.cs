namespace KeypointGrains.Client.Commands;

/// <summary>
/// How much a search trains: <see cref="Trials"/> drawn with <see cref="Seed"/>; rungs from <see cref="MinEpochs"/> by
/// <see cref="Reduction"/> below <see cref="MaxEpochs"/>, each trial's budget; the first <see cref="Images"/> training faces
/// (0 = all); at most <see cref="Parallel"/> trials training at once (0 = all).
/// </summary>
public sealed record TuneBudget(int Trials, int Seed, int MinEpochs, int MaxEpochs, int Reduction, int Images, int Parallel);
