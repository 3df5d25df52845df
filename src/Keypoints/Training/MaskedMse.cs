using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// Mean squared error over the present keypoint values only: a missing value (mask 0, target stored as 0) adds
/// nothing to the sum and nothing to the count, so rows with gaps still teach the columns they do label.
/// </summary>
public static class MaskedMse
{
    public static Tensor Loss(Tensor predictions, Tensor targets, Tensor mask) =>
        SumOfSquares(predictions, targets, mask).div(mask.sum().clamp_min(1));

    public static Tensor SumOfSquares(Tensor predictions, Tensor targets, Tensor mask) =>
        predictions.sub(targets).mul(mask).square().sum();
}
