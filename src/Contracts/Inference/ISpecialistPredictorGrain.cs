namespace KeypointGrains.Contracts.Inference;

/// <summary>
/// Serves one ensemble member. A stateless worker: activations on every silo, each silo loading a checkpoint once and
/// keeping it loaded.
/// </summary>
public interface ISpecialistPredictorGrain : IGrainWithStringKey
{
    Task<GroupPrediction> Predict(EnsembleMember member, FaceBatch faces);
}
