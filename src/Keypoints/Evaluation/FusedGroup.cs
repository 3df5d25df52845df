using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Evaluation;

/// <summary>
/// Ensemble members that share a fusable network, as one <see cref="FusedNetwork"/> in the ensemble's number format.
/// When any member averages flips, every face goes through with its mirror in the same pass.
/// </summary>
internal sealed class FusedGroup : IDisposable
{
    private readonly FusedNetwork network;
    private readonly HorizontalFlip?[] flips;
    private readonly int[] widths;

    public FusedGroup(IReadOnlyList<int> members, IReadOnlyList<TrainedModel> models, ScalarType precision)
    {
        Members = members;
        network = new FusedNetwork(models.Select(m => (IFusableNetwork)m.Module!).ToArray());
        network.to(precision);
        flips = models.Select(m => m.FlipAveraging ? new HorizontalFlip(m.Columns, m.Device, m.MirrorSum) : null).ToArray();
        widths = models.Select(m => m.Columns.Count).ToArray();
        int images = PassSize.Images(models[0].Device, models[0].Module!, models.Count);
        FacesPerPass = Math.Max(1, flips.Any(f => f is not null) ? images / 2 : images);
    }

    /// <summary>The faces a pass of this group takes on its device (<see cref="PassSize"/>), each with its mirror where members average flips.</summary>
    public int FacesPerPass { get; }

    /// <summary>The ensemble's indices of this group's members, in output order.</summary>
    public IReadOnlyList<int> Members { get; }

    public int Width => widths.Sum();

    /// <summary>Faces [N, 1, 96, 96] on the device in the network's format → [N, Σ member columns] pixel coordinates (fp32).</summary>
    public Tensor Forward(Tensor faces)
    {
        using var scope = NewDisposeScope();
        long count = faces.shape[0];
        bool mirrored = flips.Any(f => f is not null);
        var scaled = network.call(mirrored ? cat([faces, faces.flip(3)]) : faces).to(ScalarType.Float32);
        var outputs = new Tensor[widths.Length];
        for (int k = 0; k < widths.Length; k++)
        {
            var own = scaled[k].narrow(1, 0, widths[k]);
            var direct = own.narrow(0, 0, count);
            // The flip maps a mirrored face's targets back as well: it is its own inverse.
            outputs[k] = flips[k] is { } flip ? direct.add(flip.Targets(own.narrow(0, count, count))).div(2) : direct;
        }
        return cat(outputs, 1).mul(TargetScaling.HalfRange).add(TargetScaling.Centre).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        network.Dispose();
        foreach (var flip in flips) flip?.Dispose();
    }
}
