using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Schema;
using static KeypointGrains.Keypoints.Tests.Augment.SyntheticFaces;

namespace KeypointGrains.Keypoints.Tests.Augment;

public class AffineAugmentationTests
{
    private static readonly int[] NoseTip = [.. KeypointSchema.Specialist("nose-tip").Columns];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_dot_drawn_at_the_keypoint_moves_where_the_keypoint_goes(int seed)
    {
        const int faces = 12;
        var placement = new Random(100 + seed);
        var keypoints = Enumerable.Range(0, faces)
            .SelectMany(_ => new[] { 25 + 46 * (float)placement.NextDouble(), 25 + 46 * (float)placement.NextDouble() }).ToArray();
        var pixels = Enumerable.Range(0, faces).SelectMany(f => Dot(keypoints[2 * f], keypoints[2 * f + 1])).ToArray();
        var targets = (float[])keypoints.Clone();

        new AffineAugmentation(maxRotationDegrees: 25, maxScaleChange: 0.15, maxShiftPixels: 8)
            .Apply(pixels, targets, NoseTip, faces, new Random(seed));

        for (int face = 0; face < faces; face++)
        {
            var image = pixels.AsSpan(face * KeypointSchema.PixelCount, KeypointSchema.PixelCount).ToArray();
            float x = targets[2 * face], y = targets[2 * face + 1];
            Assert.False(float.IsNaN(x), "the keypoint stays inside the image");
            Assert.True(Math.Abs(x - keypoints[2 * face]) + Math.Abs(y - keypoints[2 * face + 1]) > 0.5f, "the keypoint moved");

            int brightest = Array.IndexOf(image, image.Max());
            Assert.True(Distance(brightest % Size, brightest / Size, x, y) <= 1.0,
                $"face {face}: brightest pixel ({brightest % Size}, {brightest / Size}), keypoint ({x:f2}, {y:f2})");
            var (cx, cy) = Centroid(image, brightest % Size, brightest / Size);
            Assert.True(Distance(cx, cy, x, y) <= 0.25, $"face {face}: dot centre ({cx:f2}, {cy:f2}), keypoint ({x:f2}, {y:f2})");
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_batch()
    {
        float[] Run()
        {
            var pixels = Dot(40, 50).Concat(Dot(60, 30)).ToArray();
            var targets = new float[] { 40, 50, 60, 30 };
            new AffineAugmentation().Apply(pixels, targets, NoseTip, 2, new Random(9));
            return [.. pixels, .. targets];
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void The_identity_leaves_image_and_keypoints_as_they_are()
    {
        var image = WithNoise(Flat(0.5f), 0.1f, seed: 3);
        var result = new float[image.Length];
        AffineWarp.Identity.Warp(image, result);
        Assert.Equal(image, result, new FloatTolerance(1e-6f));

        var targets = new float[] { 12.5f, 80.25f };
        AffineWarp.Identity.MoveKeypoints(targets, NoseTip);
        Assert.Equal([12.5f, 80.25f], targets);
    }

    [Fact]
    public void Rotation_and_scale_pivot_on_the_image_centre()
    {
        var warp = AffineWarp.AboutCentre(rotationDegrees: 90, scale: 2, shiftX: 3, shiftY: -1);

        var (x, y) = warp.Map(AffineWarp.Centre, AffineWarp.Centre);
        Assert.Equal(AffineWarp.Centre + 3, x, 1e-4f);
        Assert.Equal(AffineWarp.Centre - 1, y, 1e-4f);
        // One pixel right of centre turns to two pixels below it (y grows downward: clockwise on screen).
        (x, y) = warp.Map(AffineWarp.Centre + 1, AffineWarp.Centre);
        Assert.Equal(AffineWarp.Centre + 3, x, 1e-4f);
        Assert.Equal(AffineWarp.Centre + 1, y, 1e-4f);
        var (bx, by) = warp.Inverse().Map(x, y);
        Assert.Equal(AffineWarp.Centre + 1, bx, 1e-4f);
        Assert.Equal(AffineWarp.Centre, by, 1e-4f);
    }

    [Fact]
    public void Keypoints_pushed_out_of_the_image_become_missing()
    {
        var columns = KeypointSchema.Specialist("eye-centers").Columns;
        var targets = new float[] { 70, 40, 30, 40 };
        AffineWarp.AboutCentre(0, 1, shiftX: 30, shiftY: 0).MoveKeypoints(targets, columns);

        Assert.True(float.IsNaN(targets[0]) && float.IsNaN(targets[1]), "70 + 30 is beyond the right edge (95.5)");
        Assert.Equal([60f, 40f], targets[2..]);
    }

    [Fact]
    public void A_missing_keypoint_stays_missing()
    {
        var targets = new float[] { float.NaN, float.NaN };
        AffineWarp.AboutCentre(10, 1.05, 2, 2).MoveKeypoints(targets, NoseTip);
        Assert.All(targets, v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void Columns_that_are_not_x_y_pairs_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new AffineAugmentation().Apply(Flat(0.5f), new float[2], [1, 2], 1, new Random(1)));
        Assert.Contains("x column followed by its y column", error.Message);
    }

    [Fact]
    public void A_batch_shorter_than_its_count_is_refused() =>
        Assert.Throws<ArgumentException>(() => new AffineAugmentation().Apply(Flat(0.5f), new float[4], NoseTip, 2, new Random(1)));
}
