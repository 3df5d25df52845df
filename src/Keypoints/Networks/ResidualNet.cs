using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// A residual convnet with batch norm ("cnn-res"): a 3x3 stem at full resolution, then four stages of two basic
/// blocks (<see cref="ResidualBlock"/>), each stage halving the map with its first block (96 → 48 → 24 → 12 → 6) and
/// doubling the channels (width, 2·width, 4·width, 8·width), so every stage costs about the same. The 6x6 map is
/// flattened (keeping where things are, which global pooling would throw away) into a layer-normalised dense layer
/// and the outputs. Plain 3x3 convolutions and channel counts that are multiples of 16 suit GPU
/// kernels.
/// </summary>
public sealed class ResidualNet : nn.Module<Tensor, Tensor>, IFusableNetwork
{
    private const int BlocksPerStage = 2;
    private const int StageCount = 4;
    private const int FinalSide = 6;
    private const int HiddenUnits = 256;

    private readonly Conv2d stem;
    private readonly BatchNorm2d stemNorm;
    private readonly ModuleList<ResidualBlock> blocks = new();
    private readonly Linear hidden;
    private readonly LayerNorm hiddenNorm;
    private readonly Linear output;

    /// <param name="width">Channels of the first stage; the last has eight times as many.</param>
    public ResidualNet(int outputs, int width) : base(nameof(ResidualNet))
    {
        stem = nn.Conv2d(1, width, 3, padding: 1, bias: false);
        stemNorm = nn.BatchNorm2d(width);
        int channels = width;
        for (int stage = 0; stage < StageCount; stage++)
        {
            int stageChannels = width << stage;
            for (int block = 0; block < BlocksPerStage; block++)
            {
                blocks.Add(new ResidualBlock(channels, stageChannels, stride: block == 0 ? 2 : 1));
                channels = stageChannels;
            }
        }
        // Normalised before its ReLU, as cnn-bn's: a plain dense layer fed 9216 non-negative features of unit scale loses
        // every unit below zero in its first Adam steps.
        hidden = nn.Linear(channels * FinalSide * FinalSide, HiddenUnits, hasBias: false);
        hiddenNorm = nn.LayerNorm(HiddenUnits);
        output = nn.Linear(HiddenUnits, outputs);
        RegisterComponents();
        SeedInitialisation.Apply(this);
    }

    public IReadOnlyList<FusableStage> Stages => [new ConvStage(stem, stemNorm, Pool: false), .. blocks.Select(b => b.Stage)];

    public IReadOnlyList<Linear> DenseLayers => [hidden, output];

    public IReadOnlyList<LayerNorm?> DenseNorms => [hiddenNorm, null];

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = stemNorm.call(stem.call(images)).relu_();
        foreach (var block in blocks) x = block.call(x);
        x = hiddenNorm.call(hidden.call(x.flatten(1))).relu_();
        return output.call(x).MoveToOuterDisposeScope();
    }
}
