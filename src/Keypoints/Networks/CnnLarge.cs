using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// The seed's large convnet: conv 32 3x3 (→ 32x94x94), pool (→ 47), dropout 0.1; conv 64 2x2 (→ 46), pool (→ 23),
/// dropout 0.2; conv 128 2x2 (→ 22), pool (→ 11), dropout 0.3; dense 1000, dropout 0.5; dense 1000; outputs.
/// With 30 outputs: 16,561,502 parameters.
/// </summary>
public sealed class CnnLarge : nn.Module<Tensor, Tensor>, IFusableNetwork
{
    private readonly Conv2d conv1;
    private readonly SeededDropout dropout1;
    private readonly Conv2d conv2;
    private readonly SeededDropout dropout2;
    private readonly Conv2d conv3;
    private readonly SeededDropout dropout3;
    private readonly Linear hidden4;
    private readonly SeededDropout dropout4;
    private readonly Linear hidden5;
    private readonly Linear output;

    public CnnLarge(int outputs) : base(nameof(CnnLarge))
    {
        conv1 = nn.Conv2d(1, 32, 3);
        dropout1 = new SeededDropout(0.1);
        conv2 = nn.Conv2d(32, 64, 2);
        dropout2 = new SeededDropout(0.2);
        conv3 = nn.Conv2d(64, 128, 2);
        dropout3 = new SeededDropout(0.3);
        hidden4 = nn.Linear(128 * 11 * 11, 1000);
        dropout4 = new SeededDropout(0.5);
        hidden5 = nn.Linear(1000, 1000);
        output = nn.Linear(1000, outputs);
        RegisterComponents();
        SeedInitialisation.Apply(this);
    }

    public IReadOnlyList<FusableStage> Stages => [new ConvStage(conv1, null, true), new ConvStage(conv2, null, true), new ConvStage(conv3, null, true)];

    public IReadOnlyList<Linear> DenseLayers => [hidden4, hidden5, output];

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = dropout1.call(ConvBlock.Forward(conv1, images));
        x = dropout2.call(ConvBlock.Forward(conv2, x));
        x = dropout3.call(ConvBlock.Forward(conv3, x));
        x = dropout4.call(nn.functional.relu(hidden4.call(x.flatten(1))));
        x = nn.functional.relu(hidden5.call(x));
        return output.call(x).MoveToOuterDisposeScope();
    }
}
