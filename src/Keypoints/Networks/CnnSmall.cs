using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// The seed's small convnet: conv 32 3x3, pool; conv 64 2x2, pool; conv 128 2x2, pool; dense 500; outputs.
/// "Valid" convolutions and 2x2 pools take 96 → 94 → 47 → 46 → 23 → 22 → 11.
/// </summary>
public sealed class CnnSmall : nn.Module<Tensor, Tensor>, IFusableNetwork
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly Conv2d conv3;
    private readonly Linear hidden;
    private readonly Linear output;

    public CnnSmall(int outputs) : base(nameof(CnnSmall))
    {
        conv1 = nn.Conv2d(1, 32, 3);
        conv2 = nn.Conv2d(32, 64, 2);
        conv3 = nn.Conv2d(64, 128, 2);
        hidden = nn.Linear(128 * 11 * 11, 500);
        output = nn.Linear(500, outputs);
        RegisterComponents();
        SeedInitialisation.Apply(this);
    }

    public IReadOnlyList<FusableStage> Stages => [new ConvStage(conv1, null, true), new ConvStage(conv2, null, true), new ConvStage(conv3, null, true)];

    public IReadOnlyList<Linear> DenseLayers => [hidden, output];

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = ConvBlock.Forward(conv1, images);
        x = ConvBlock.Forward(conv2, x);
        x = ConvBlock.Forward(conv3, x);
        x = nn.functional.relu(hidden.call(x.flatten(1)));
        return output.call(x).MoveToOuterDisposeScope();
    }
}
