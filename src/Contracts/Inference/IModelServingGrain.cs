namespace KeypointGrains.Contracts.Inference;

/// <summary>
/// Serves one ensemble member (the baseline or a specialist). A stateless worker: activations on every silo, each silo loading a checkpoint once and
/// keeping it loaded.
/// </summary>
public interface IModelServingGrain : IGrainWithStringKey
{
    Task<GroupPrediction> Predict(EnsembleMember member, FaceBatch faces);
}
