using KeypointGrains.Specs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// The optimizer a recipe names and the schedules that move its learning rate and momentum (β1) per epoch: Nesterov SGD
/// or AdamW; the seed's linear schedule or a warm-up and cosine decay.
/// </summary>
public sealed class OptimizerSchedule
{
    private readonly TrainingRecipe recipe;

    public OptimizerSchedule(TrainingRecipe recipe)
    {
        if (recipe.Optimizer is not (TrainingRecipe.Nesterov or TrainingRecipe.AdamW))
            throw new ArgumentException(
                $"Unknown optimizer '{recipe.Optimizer}'. Known: {TrainingRecipe.Nesterov}, {TrainingRecipe.AdamW}.", nameof(recipe));
        if (recipe.Schedule is not (TrainingRecipe.Linear or TrainingRecipe.Cosine))
            throw new ArgumentException(
                $"Unknown schedule '{recipe.Schedule}'. Known: {TrainingRecipe.Linear}, {TrainingRecipe.Cosine}.", nameof(recipe));
        this.recipe = recipe;
        if (recipe.Schedule == TrainingRecipe.Cosine)
        {
            LearningRate = new CosineSchedule(recipe.LearningRateStart, recipe.LearningRateEnd, recipe.MaxEpochs, recipe.WarmupEpochs);
            Momentum = new LinearSchedule(recipe.MomentumStart, recipe.MomentumStart, recipe.MaxEpochs);
        }
        else
        {
            LearningRate = new LinearSchedule(recipe.LearningRateStart, recipe.LearningRateEnd, recipe.MaxEpochs);
            Momentum = new LinearSchedule(recipe.MomentumStart, recipe.MomentumEnd, recipe.MaxEpochs);
        }
    }

    public IEpochSchedule LearningRate { get; }
    public IEpochSchedule Momentum { get; }

    /// <summary>The recipe's optimizer over <paramref name="parameters"/>, set to epoch 0's rates.</summary>
    public OptimizerHelper Create(IEnumerable<Parameter> parameters) =>
        recipe.Optimizer == TrainingRecipe.AdamW
            ? optim.AdamW(parameters, LearningRate.At(0), Momentum.At(0), weight_decay: recipe.WeightDecay)
            : optim.SGD(parameters, LearningRate.At(0), Momentum.At(0), weight_decay: recipe.WeightDecay, nesterov: true);

    /// <summary>Sets <paramref name="optimizer"/>'s rates for <paramref name="epoch"/> (0-based).</summary>
    public void Apply(OptimizerHelper optimizer, int epoch)
    {
        // Per group: SGD.Momentum only changes the defaults for groups added later.
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = LearningRate.At(epoch);
            if (group is optim.IBetas adam) adam.Betas = (Momentum.At(epoch), adam.Betas.Item2);
            else ((optim.IMomentum)group).Momentum = Momentum.At(epoch);
        }
    }
}
