namespace KeypointGrains.Contracts.Inference;

/// <summary>
/// Serves a whole ensemble: the silo keeps the manifest's models loaded as one fused network and batches the faces of
/// concurrent requests into shared passes. A stateless worker, activated on the silo whose gateway a call goes through.
/// </summary>
public interface IEnsembleServingGrain : IGrainWithStringKey
{
    Task<EnsembleAnswer> Predict(EnsembleManifest manifest, FaceBatch faces);
}
