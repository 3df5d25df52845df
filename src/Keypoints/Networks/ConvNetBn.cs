using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// A modern convnet for keypoint regression ("cnn-bn"): five 3x3 "same" convolutions, each followed by batch norm and
/// ReLU, with 2x2 max-pools between them (96 → 48 → 24 → 12 → 6); then the 6x6 map is flattened (keeping where
/// things are, which global pooling would throw away) into a layer-normalised dense layer of 384 and the outputs, with
/// dropout before both dense layers. Channels 16-32-64-128-256 (doubling as the map halves, so every stage costs about the same):
/// 3.96 M parameters with 30 outputs, most in the dense layer, and ~47 M multiply-adds per face, under cnn-large's ~52 M,
/// because this is trained on two CPU cores.
/// </summary>
public sealed class ConvNetBn : nn.Module<Tensor, Tensor>, IFusableNetwork
{
    private static readonly int[] Channels = [16, 32, 64, 128, 256];
    private const int HiddenUnits = 384;
    private const int FinalSide = 6;

    private readonly ModuleList<Conv2d> convs = new();
    private readonly ModuleList<BatchNorm2d> norms = new();
    private readonly SeededDropout dropoutFlat;
    private readonly Linear hidden;
    private readonly LayerNorm hiddenNorm;
    private readonly SeededDropout dropoutHidden;
    private readonly Linear output;

    public ConvNetBn(int outputs) : base(nameof(ConvNetBn))
    {
        int input = 1;
        foreach (var channels in Channels)
        {
            // No conv bias: the batch norm's shift that follows does the same job.
            convs.Add(nn.Conv2d(input, channels, 3, padding: 1, bias: false));
            norms.Add(nn.BatchNorm2d(channels));
            input = channels;
        }
        dropoutFlat = new SeededDropout(0.2);
        // Normalised before its ReLU: fed 9216 non-negative features of unit scale, the plain dense layer lost all 384
        // units below zero within the first Adam steps at the best preset's rate, and the net predicted one face for all.
        // Layer norm keeps about half of each face's units active, and unlike batch norm it takes a batch of one.
        hidden = nn.Linear(input * FinalSide * FinalSide, HiddenUnits, hasBias: false);
        hiddenNorm = nn.LayerNorm(HiddenUnits);
        dropoutHidden = new SeededDropout(0.3);
        output = nn.Linear(HiddenUnits, outputs);
        RegisterComponents();
        SeedInitialisation.Apply(this);
    }

    public IReadOnlyList<FusableStage> Stages =>
        convs.Select((conv, i) => new ConvStage(conv, norms[i], Pool: i < convs.Count - 1)).ToArray();

    public IReadOnlyList<Linear> DenseLayers => [hidden, output];

    public IReadOnlyList<LayerNorm?> DenseNorms => [hiddenNorm, null];

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = images;
        for (int i = 0; i < convs.Count; i++)
        {
            x = norms[i].call(convs[i].call(x)).relu_();
            // The last conv already works on the 6x6 map.
            if (i < convs.Count - 1) x = nn.functional.max_pool2d(x, 2);
        }
        x = hiddenNorm.call(hidden.call(dropoutFlat.call(x.flatten(1)))).relu_();
        return output.call(dropoutHidden.call(x)).MoveToOuterDisposeScope();
    }
}
