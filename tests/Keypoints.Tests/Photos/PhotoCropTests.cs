using KeypointGrains.Keypoints.Photos;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Tests.Photos;

public class PhotoCropTests
{
    [Fact]
    public void Points_map_to_the_crop_and_back_exactly()
    {
        var crop = new PhotoCrop(41.3, -7.9, 173.6);
        var points = FaceFraming.MeanShape.Select((v, i) => v * 1.7f + (i % 2 == 0 ? 55 : 12)).ToArray();
        var back = crop.ToPhoto(crop.ToCrop(points));
        for (int i = 0; i < points.Length; i++) Assert.Equal(points[i], back[i], 0.0001f);
        // The square's corners are the crop's outer pixel edges: -0.5 and 95.5 in crop pixels.
        Assert.Equal(-0.5, crop.ToCrop(41.3, 0).U, 9);
        Assert.Equal(95.5, crop.ToCrop(41.3 + 173.6, 0).U, 9);
    }

    [Theory]
    [InlineData(37.25, 21.6, 151.3)] // shrunk: area averaging, then sampling
    [InlineData(52.4, 40.1, 61.7)]   // enlarged: sampling alone
    public void A_known_crop_of_a_known_photo_maps_back_within_a_hundredth_of_a_pixel(double left, double top, double side)
    {
        // Two photos whose grey level is a linear ramp of x (then of y): a pixel of the crop holds the photo coordinate it
        // was sampled at, so the crop's pixels, mapped back, must land where the ramp says they came from.
        const double slope = 1; // whole grey levels: the photo itself holds its coordinates exactly
        var crop = new PhotoCrop(left, top, side);
        foreach (bool alongX in new[] { true, false })
        {
            var photo = Ramp(256, 256, slope, alongX);
            var face = crop.Levels(photo); // before rounding, which would blur the measure by up to half a level
            double offset = 0;
            int counted = 0;
            for (int v = 4; v < 92; v++)
            for (int u = 4; u < 92; u++)
            {
                var (x, y) = crop.ToPhoto(u, v);
                offset += face[v * 96 + u] / slope - (alongX ? x : y);
                counted++;
            }
            Assert.True(Math.Abs(offset / counted) < 0.01, $"the crop's pixels sit {offset / counted:0.0000} px from where they map back ({(alongX ? "x" : "y")})");
        }
    }

    [Fact]
    public void Keypoints_that_sit_on_the_mean_shape_give_back_their_square()
    {
        var crop = new PhotoCrop(120.5, 64.25, 143.0);
        var points = crop.ToPhoto(FaceFraming.MeanShape);
        var fitted = FaceFraming.FromKeypoints(points);
        Assert.Equal(crop.Left, fitted.Left, 0.001);
        Assert.Equal(crop.Top, fitted.Top, 0.001);
        Assert.Equal(crop.Side, fitted.Side, 0.001);
    }

    [Fact]
    public void A_face_whose_shape_differs_from_the_mean_shape_keeps_its_square_size()
    {
        // The mean shape plus a distortion with no share of the mean shape's own layout (zero mean, orthogonal to it):
        // regressed on the mean shape, it changes neither the scale nor the shift; regressing the mean shape on it would
        // shrink the scale by the distortion's share of the spread and enlarge the square.
        var mean = FaceFraming.MeanShape.Select(v => (double)v).ToArray();
        var centred = mean.Select((v, i) => v - mean.Where((_, j) => j % 2 == i % 2).Average()).ToArray();
        var rng = new Random(5);
        var distortion = mean.Select(_ => 4 * (rng.NextDouble() - 0.5)).ToArray();
        foreach (int axis in new[] { 0, 1 })
        {
            double shift = distortion.Where((_, j) => j % 2 == axis).Average();
            for (int i = axis; i < distortion.Length; i += 2) distortion[i] -= shift;
        }
        double along = distortion.Zip(centred, (d, c) => d * c).Sum() / centred.Sum(c => c * c);
        var shape = mean.Select((v, i) => (float)(v + distortion[i] - along * centred[i])).ToArray();
        var crop = new PhotoCrop(120.5, 64.25, 143.0);

        var fitted = FaceFraming.FromKeypoints(crop.ToPhoto(shape));

        Assert.Equal(crop.Side, fitted.Side, 0.001);
        Assert.Equal(crop.Left, fitted.Left, 0.001);
        Assert.Equal(crop.Top, fitted.Top, 0.001);
    }

    [Fact]
    public void A_box_is_framed_by_the_fitted_constants()
    {
        var framing = new FaceFraming(1.2, 0.05, -0.1);
        var crop = framing.FromBox(new FaceBox(100, 50, 80, 80));
        Assert.Equal(96, crop.Side, 6);
        Assert.Equal(140 + 4 - 48, crop.Left, 6);
        Assert.Equal(90 - 8 - 48, crop.Top, 6);
    }

    [Fact]
    public void The_fit_recovers_the_constants_that_made_the_squares()
    {
        var truth = new FaceFraming(1.15, 0.02, 0.07);
        var boxes = Enumerable.Range(0, 20).Select(i => new FaceBox(10 + 7 * i, 30 + 3 * i, 60 + 5 * i, 60 + 5 * i)).ToArray();
        var fit = FramingFit.Fit(boxes.Select(b => (b, truth.FromBox(b))).ToArray());
        Assert.Equal(1.15, fit.Framing.SideOverBox, 6);
        Assert.Equal(0.02, fit.Framing.ShiftX, 6);
        Assert.Equal(0.07, fit.Framing.ShiftY, 6);
        Assert.Equal(0, fit.CentreErrorCropPx, 4);
    }

    [Fact]
    public void A_face_at_the_border_is_rendered_with_the_edge_repeated()
    {
        var photo = Ramp(50, 40, 1, alongX: true);
        var face = new PhotoCrop(-30, -30, 80).Render(photo);
        Assert.Equal(KeypointSchema.PixelCount, face.Length);
        Assert.Equal(0, face[0]);         // left of the photo: its first column repeated
        Assert.InRange((int)face[95], 48, 49); // right of it: its last column (x = 49)
    }

    private static GreyPhoto Ramp(int width, int height, double slope, bool alongX)
    {
        var pixels = new byte[width * height];
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            pixels[y * width + x] = (byte)Math.Min(255, Math.Round(slope * (alongX ? x : y)));
        return new GreyPhoto(width, height, pixels, "test");
    }
}
