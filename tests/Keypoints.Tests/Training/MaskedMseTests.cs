using KeypointGrains.Keypoints.Training;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Tests.Training;

public class MaskedMseTests
{
    [Fact]
    public void Missing_values_add_nothing_and_the_mean_is_over_present_values()
    {
        using var predictions = tensor(new float[] { 0.1f, 0.2f, 0.3f, 0.9f, -0.5f, 0.0f }, [2, 3]);
        using var targets = tensor(new float[] { 0.0f, 0.0f, 0.5f, 0.0f, -0.5f, 0.0f }, [2, 3]);
        using var mask = tensor(new float[] { 1, 1, 1, 0, 1, 0 }, [2, 3]);
        using var loss = MaskedMse.Loss(predictions, targets, mask);
        // present errors: 0.1, 0.2, -0.2, 0 → (0.01 + 0.04 + 0.04 + 0) / 4; the 0.9 miss at a gap is ignored.
        Assert.Equal(0.0225, loss.item<float>(), 6);
    }

    [Fact]
    public void A_batch_with_no_present_values_has_zero_loss_not_NaN()
    {
        using var predictions = ones(2, 2);
        using var targets = zeros(2, 2);
        using var mask = zeros(2, 2);
        using var loss = MaskedMse.Loss(predictions, targets, mask);
        Assert.Equal(0f, loss.item<float>());
    }
}
