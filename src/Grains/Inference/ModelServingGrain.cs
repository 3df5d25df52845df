using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Telemetry;
using Orleans.Concurrency;

namespace KeypointGrains.Grains.Inference;

/// <summary>Answers for one ensemble member with the model the silo keeps loaded; as many activations as requests need.</summary>
[StatelessWorker]
public sealed class ModelServingGrain(ModelCache models, InferenceThread inference) : Grain, IModelServingGrain
{
    public async Task<GroupPrediction> Predict(EnsembleMember member, FaceBatch faces)
    {
        var model = await models.Get(member.Checkpoint);
        if (!model.Columns.SequenceEqual(member.Columns))
            throw new InvalidOperationException(
                $"Checkpoint {member.Checkpoint} predicts columns [{string.Join(",", model.Columns)}], not those of '{member.Model}'.");
        int count = faces.Count;
        var pixels = new float[faces.Pixels.Length];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = faces.Pixels[i] / 255f;
        using var span = KeypointTelemetry.Activities.StartActivity("kg.inference.forward")?
            .SetTag("model", member.Model).SetTag("faces", count);
        return new GroupPrediction(member.Model, member.Columns, await inference.Run(() => model.Predict(pixels, count)));
    }
}
