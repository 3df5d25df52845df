using KeypointGrains.Keypoints.Schema;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>The seed's first net: one hidden layer of 100 ReLU units, 9216 → 100 → outputs.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>, IFusableNetwork
{
    private readonly Linear hidden;
    private readonly Linear output;

    public Mlp(int outputs) : base(nameof(Mlp))
    {
        hidden = nn.Linear(KeypointSchema.PixelCount, 100);
        output = nn.Linear(100, outputs);
        RegisterComponents();
        SeedInitialisation.Apply(this);
    }

    public IReadOnlyList<FusableStage> Stages => [];

    public IReadOnlyList<Linear> DenseLayers => [hidden, output];

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(hidden.call(images.flatten(1)));
        return output.call(x).MoveToOuterDisposeScope();
    }
}
