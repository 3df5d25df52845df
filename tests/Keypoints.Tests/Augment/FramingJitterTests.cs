using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Photos;
using KeypointGrains.Keypoints.Schema;
using static KeypointGrains.Keypoints.Tests.Augment.SyntheticFaces;

namespace KeypointGrains.Keypoints.Tests.Augment;

public class FramingJitterTests
{
    private static readonly int[] NoseTip = [.. KeypointSchema.Specialist("nose-tip").Columns];

    [Fact]
    public void A_dot_drawn_at_the_keypoint_lands_on_the_moved_keypoint()
    {
        const int faces = 16;
        var placement = new Random(7);
        var keypoints = Enumerable.Range(0, faces)
            .SelectMany(_ => new[] { 30 + 36 * (float)placement.NextDouble(), 30 + 36 * (float)placement.NextDouble() }).ToArray();
        var pixels = Enumerable.Range(0, faces).SelectMany(f => Dot(keypoints[2 * f], keypoints[2 * f + 1])).ToArray();
        var targets = (float[])keypoints.Clone();

        // Twice the measured spread, so that every dot moves by more than the tolerance.
        new FramingJitter(shiftSdPixels: 3.2, scaleSd: 0.16).Apply(pixels, targets, NoseTip, faces, new Random(3));

        int moved = 0;
        for (int face = 0; face < faces; face++)
        {
            var image = pixels.AsSpan(face * KeypointSchema.PixelCount, KeypointSchema.PixelCount).ToArray();
            float x = targets[2 * face], y = targets[2 * face + 1];
            Assert.False(float.IsNaN(x), "the keypoint stays inside the image");
            if (Distance(x, y, keypoints[2 * face], keypoints[2 * face + 1]) > 1) moved++;
            int brightest = Array.IndexOf(image, image.Max());
            var (cx, cy) = Centroid(image, brightest % Size, brightest / Size);
            Assert.True(Distance(cx, cy, x, y) <= 0.5, $"face {face}: dot centre ({cx:f2}, {cy:f2}), keypoint ({x:f2}, {y:f2})");
        }
        Assert.True(moved >= faces / 2, $"only {moved} of {faces} keypoints moved by more than a pixel");
    }

    [Fact]
    public void Draws_follow_the_measured_spread_and_stop_at_two_and_a_half_deviations()
    {
        var jitter = new FramingJitter(shiftSdPixels: 1.6, scaleSd: 0.08);
        var rng = new Random(11);
        var draws = Enumerable.Range(0, 20000).Select(_ => jitter.Draw(rng)).ToArray();
        // The warp shows the face scaled by 1/s about the centre; its shift is the framing's offset over s.
        var logScales = draws.Select(w => -Math.Log(w.M11)).ToArray();
        var offsets = draws.Select(w => (double)w.Map(AffineWarp.Centre, AffineWarp.Centre).X - AffineWarp.Centre).ToArray();
        Assert.All(draws, w => Assert.Equal(0, w.M12, 1e-6)); // no rotation: an upright box cannot roll
        Assert.InRange(Sd(logScales), 0.08 * 0.9, 0.08 * 1.02); // cut at 2.5 sd: a little under the full spread
        Assert.InRange(Sd(offsets.Zip(draws, (d, w) => d / w.M11).ToArray()), 1.6 * 0.9, 1.6 * 1.02);
        Assert.InRange(logScales.Max(Math.Abs), 0.08 * 2.3, 0.08 * 2.5 + 1e-6);
    }

    [Fact]
    public void The_warp_undoes_a_square_framed_with_that_error()
    {
        // A square 10% larger than the true one and 3 px right of it shows the true crop's point p at (p - c - 3) / 1.1 + c.
        var truth = new PhotoCrop(100, 50, 120);
        var framed = PhotoCrop.Centred(100 + 60 + 3 * 120 / 96.0, 50 + 60, 132);
        var error = FramingError.Between(framed, truth);
        Assert.Equal(3, error.OffsetX, 1e-9);
        Assert.Equal(0, error.OffsetY, 1e-9);
        Assert.Equal(1.1, error.Scale, 1e-9);
        var back = error.From(truth);
        Assert.Equal(framed.Left, back.Left, 1e-9);
        Assert.Equal(framed.Top, back.Top, 1e-9);
        Assert.Equal(framed.Side, back.Side, 1e-9);

        var warp = FramingJitter.For(error);
        var (photoX, photoY) = truth.ToPhoto(20, 70);
        var (u, v) = framed.ToCrop(photoX, photoY);
        var (x, y) = warp.Map(20, 70);
        Assert.Equal(u, x, 1e-4);
        Assert.Equal(v, y, 1e-4);
    }

    private static double Sd(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }
}
