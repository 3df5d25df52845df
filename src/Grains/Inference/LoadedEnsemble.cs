using KeypointGrains.Contracts.Inference;
using KeypointGrains.Keypoints.Evaluation;

namespace KeypointGrains.Grains.Inference;

/// <summary>
/// A manifest's models as this silo serves them: the members that loaded (the specialists, and the baseline when it must
/// fill columns) as one <see cref="EnsembleModel"/> in <see cref="Members"/> order, and the members that failed.
/// </summary>
public sealed class LoadedEnsemble(IReadOnlyList<EnsembleMember> members, EnsembleModel? model, IReadOnlyList<GroupFailure> failures)
    : IDisposable
{
    public IReadOnlyList<EnsembleMember> Members { get; } = members;

    /// <summary>Null when no member loaded.</summary>
    public EnsembleModel? Model { get; } = model;

    public IReadOnlyList<GroupFailure> Failures { get; } = failures;

    public void Dispose() => Model?.Dispose();
}
