using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Training;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Tests.Training;

public class HorizontalFlipTests
{
    private static readonly int[] AllColumns = Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray();

    private static float[] FlipPixels(HorizontalFlip flip, float[] pixels)
    {
        using var scaled = tensor(pixels.Select(TargetScaling.ToScaled).ToArray(), [1, pixels.Length]);
        using var flipped = flip.Targets(scaled);
        return flipped.data<float>().ToArray().Select(TargetScaling.ToPixels).ToArray();
    }

    [Fact]
    public void A_pixel_at_column_c_moves_to_95_minus_c_and_so_does_its_keypoint()
    {
        using var flip = new HorizontalFlip(KeypointSchema.Specialist("nose-tip").Columns, CPU, KeypointSchema.PixelMirrorSum);
        using var image = zeros(1, 1, 96, 96);
        image[0, 0, 20, 10] = tensor(1f);
        using var mirrored = flip.Images(image);
        Assert.Equal(1f, mirrored[0, 0, 20, 85].item<float>());
        Assert.Equal(1f, mirrored.sum().item<float>());

        var keypoint = FlipPixels(flip, [10f, 20f]);
        Assert.Equal(85f, keypoint[0], 4);
        Assert.Equal(20f, keypoint[1], 4);
    }

    [Fact]
    public void Left_and_right_keypoints_swap_and_a_labels_x_becomes_97_5_minus_x()
    {
        using var flip = new HorizontalFlip(AllColumns, CPU);
        var pixels = AllColumns.Select(c => 10f + 2.5f * c).ToArray();
        var flipped = FlipPixels(flip, pixels);
        int leftEyeX = KeypointSchema.ColumnIndex("left_eye_center_x");
        int rightEyeX = KeypointSchema.ColumnIndex("right_eye_center_x");
        int leftMouthY = KeypointSchema.ColumnIndex("mouth_left_corner_y");
        int rightMouthY = KeypointSchema.ColumnIndex("mouth_right_corner_y");
        int noseX = KeypointSchema.ColumnIndex("nose_tip_x");
        Assert.Equal(97.5f - pixels[rightEyeX], flipped[leftEyeX], 4);
        Assert.Equal(97.5f - pixels[leftEyeX], flipped[rightEyeX], 4);
        Assert.Equal(pixels[rightMouthY], flipped[leftMouthY], 4);
        Assert.Equal(97.5f - pixels[noseX], flipped[noseX], 4);
    }

    [Fact]
    public void Flipping_twice_gives_back_the_faces_and_targets()
    {
        var columns = KeypointSchema.Specialist("eye-corners").Columns;
        using var flip = new HorizontalFlip(columns, CPU);
        using var images = rand(4, 1, 96, 96);
        using var targets = rand(4, columns.Count).sub(0.5);
        using var mask = rand(4, columns.Count).gt(0.5).to(float32);
        using var twiceImages = flip.Images(flip.Images(images));
        using var twiceTargets = flip.Targets(flip.Targets(targets));
        using var twiceMask = flip.Mask(flip.Mask(mask));
        Assert.True(twiceImages.allclose(images, rtol: 0, atol: 0));
        Assert.True(twiceTargets.allclose(targets, rtol: 0, atol: 1e-6));
        Assert.True(twiceMask.allclose(mask, rtol: 0, atol: 0));
    }

    [Fact]
    public void The_presence_mask_follows_its_keypoint_to_the_mirrored_column()
    {
        var eyes = KeypointSchema.Specialist("eye-centers").Columns;
        using var flip = new HorizontalFlip(eyes, CPU);
        using var mask = tensor(new float[] { 1, 1, 0, 0 }, [1, 4]);
        using var mirrored = flip.Mask(mask);
        Assert.Equal([0f, 0f, 1f, 1f], mirrored.data<float>().ToArray());
    }
}
