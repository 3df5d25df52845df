using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// Where the 96x96 face goes in a photo. The training faces were cut so that their keypoints fit one mean face shape
/// (<see cref="MeanShape"/>: the mean of the training file's complete rows); <see cref="FromKeypoints"/> places a square
/// the same way from known points. A detector's box is turned into such a square by three constants
/// (<see cref="FaceFraming(double, double, double)"/>) that <c>kg fit-framing</c> fits on photos with true keypoints.
/// </summary>
/// <param name="SideOverBox">The square's side over the box's width.</param>
/// <param name="ShiftX">The square's centre right of the box's centre, in box widths.</param>
/// <param name="ShiftY">The square's centre below the box's centre, in box heights.</param>
public sealed record FaceFraming(double SideOverBox, double ShiftX, double ShiftY)
{
    /// <summary>The mean of the complete rows of the training file (96x96 crop pixels, schema order).</summary>
    public static readonly float[] MeanShape =
    [
        64.48f, 38.64f, 31.26f, 39.02f, 57.93f, 38.96f, 70.66f, 38.30f, 37.69f, 39.23f, 25.02f, 38.77f, 57.37f, 27.80f,
        77.54f, 29.82f, 38.08f, 28.08f, 17.40f, 30.43f, 48.95f, 58.70f, 61.97f, 75.61f, 34.95f, 75.93f, 48.93f, 71.75f,
        49.09f, 82.55f,
    ];

    /// <summary>
    /// Fitted by <c>kg fit-framing</c> on the 874 photos (of 885) where the default detector found the labelled face: the
    /// square is 1.062 box widths (sd 0.086) on the box centre (shift sd 0.017 / 0.022 box); 2.3 crop px RMS off the
    /// true-keypoint square's centre, 8% off its size.
    /// </summary>
    public static FaceFraming Fitted { get; } = new(1.06241, -0.00028, -0.00118);

    public PhotoCrop FromBox(FaceBox box) =>
        PhotoCrop.Centred(box.CentreX + ShiftX * box.Width, box.CentreY + ShiftY * box.Height, SideOverBox * box.Width);

    /// <summary>The square box that <see cref="FromBox"/> turns into <paramref name="square"/>.</summary>
    public FaceBox ToBox(PhotoCrop square, double score = 1)
    {
        double side = square.Side / SideOverBox;
        double centreX = square.Left + square.Side / 2 - ShiftX * side, centreY = square.Top + square.Side / 2 - ShiftY * side;
        return new FaceBox((float)(centreX - side / 2), (float)(centreY - side / 2), (float)side, (float)side, score);
    }

    /// <summary>
    /// The square whose 96x96 face puts <paramref name="points"/> (30 photo coordinates) where the mean shape would put
    /// them: the points regressed on the mean shape by one scale and a shift (no rotation, as the training faces were
    /// cut). Regressing this way round leaves a face's own shape out of its scale: the training file's crops come out
    /// 0.3% off their own squares on average, where regressing the mean shape on the points made every square 3% too
    /// large (<c>kg fit-framing --data</c> measures it).
    /// </summary>
    public static PhotoCrop FromKeypoints(ReadOnlySpan<float> points) => Place(points, MeanShape);

    /// <summary>
    /// The square whose 96x96 face puts <paramref name="points"/> (x, y pairs in photo pixels) nearest to
    /// <paramref name="template"/> (the same points in crop pixels), by one scale and a shift, the points regressed on
    /// the template.
    /// </summary>
    internal static PhotoCrop Place(ReadOnlySpan<float> points, ReadOnlySpan<float> template)
    {
        int n = points.Length / 2;
        double mx = 0, my = 0, mu = 0, mv = 0;
        for (int k = 0; k < n; k++)
        {
            mx += points[2 * k]; my += points[2 * k + 1]; mu += template[2 * k]; mv += template[2 * k + 1];
        }
        (mx, my, mu, mv) = (mx / n, my / n, mu / n, mv / n);
        double covariance = 0, spread = 0;
        for (int k = 0; k < n; k++)
        {
            double du = template[2 * k] - mu, dv = template[2 * k + 1] - mv;
            covariance += (points[2 * k] - mx) * du + (points[2 * k + 1] - my) * dv;
            spread += du * du + dv * dv;
        }
        double scale = spread / covariance; // crop pixels per photo pixel
        // u + 0.5 = (x - Left) · scale holds for the means.
        return new PhotoCrop(mx - (mu + 0.5) / scale, my - (mv + 0.5) / scale, KeypointSchema.ImageSize / scale);
    }
}
