using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// The optimizer a recipe names and the schedules that move its learning rate and momentum (β1) per epoch: Nesterov SGD
/// or AdamW; the seed's linear schedule or a warm-up and cosine decay.
/// </summary>
public sealed class OptimizerSchedule
{
    private readonly TrainingOptions options;

    public OptimizerSchedule(TrainingOptions options)
    {
        if (options.Optimizer is not (TrainingOptions.Nesterov or TrainingOptions.AdamW))
            throw new ArgumentException(
                $"Unknown optimizer '{options.Optimizer}'. Known: {TrainingOptions.Nesterov}, {TrainingOptions.AdamW}.", nameof(options));
        if (options.Schedule is not (TrainingOptions.Linear or TrainingOptions.Cosine))
            throw new ArgumentException(
                $"Unknown schedule '{options.Schedule}'. Known: {TrainingOptions.Linear}, {TrainingOptions.Cosine}.", nameof(options));
        this.options = options;
        if (options.Schedule == TrainingOptions.Cosine)
        {
            LearningRate = new CosineSchedule(options.LearningRateStart, options.LearningRateEnd, options.MaxEpochs, options.WarmupEpochs);
            Momentum = new LinearSchedule(options.MomentumStart, options.MomentumStart, options.MaxEpochs);
        }
        else
        {
            LearningRate = new LinearSchedule(options.LearningRateStart, options.LearningRateEnd, options.MaxEpochs);
            Momentum = new LinearSchedule(options.MomentumStart, options.MomentumEnd, options.MaxEpochs);
        }
    }

    public IEpochSchedule LearningRate { get; }
    public IEpochSchedule Momentum { get; }

    /// <summary>The recipe's optimizer over <paramref name="parameters"/>, set to epoch 0's rates.</summary>
    public OptimizerHelper Create(IEnumerable<Parameter> parameters) =>
        options.Optimizer == TrainingOptions.AdamW
            ? optim.AdamW(parameters, LearningRate.At(0), Momentum.At(0), weight_decay: options.WeightDecay)
            : optim.SGD(parameters, LearningRate.At(0), Momentum.At(0), weight_decay: options.WeightDecay, nesterov: true);

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
