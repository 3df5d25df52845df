namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// How a square strays from the one placed from the face's true keypoints, in the true square's 96x96 pixels: where its
/// centre lies (right, down) and its side over the true side. A face framed with this error sits in its crop moved the
/// opposite way and shrunk by the scale, which is what <see cref="Augment.FramingJitter"/> teaches the models to take.
/// </summary>
public readonly record struct FramingError(double OffsetX, double OffsetY, double Scale)
{
    public static FramingError Between(PhotoCrop framed, PhotoCrop truth)
    {
        var (u, v) = truth.ToCrop(framed.Left + framed.Side / 2, framed.Top + framed.Side / 2);
        var (tu, tv) = truth.ToCrop(truth.Left + truth.Side / 2, truth.Top + truth.Side / 2);
        return new FramingError(u - tu, v - tv, framed.Side / truth.Side);
    }

    /// <summary>The square that strays from <paramref name="truth"/> by this error (<see cref="Between"/> undone).</summary>
    public PhotoCrop From(PhotoCrop truth) =>
        PhotoCrop.Centred(truth.Left + truth.Side / 2 + OffsetX / truth.Scale, truth.Top + truth.Side / 2 + OffsetY / truth.Scale, truth.Side * Scale);

    public double Distance => Math.Sqrt(OffsetX * OffsetX + OffsetY * OffsetY);

    /// <summary>Root mean square distance of the squares' centres from the true ones, in 96x96 crop pixels.</summary>
    public static double CentreRms(IReadOnlyList<FramingError> errors) => Math.Sqrt(errors.Average(e => e.Distance * e.Distance));

    /// <summary>Root mean square size error, as the percentage a square grows by (the scale as its logarithm).</summary>
    public static double ScaleRmsPercent(IReadOnlyList<FramingError> errors) =>
        100 * (Math.Exp(Math.Sqrt(errors.Average(e => Math.Pow(Math.Log(e.Scale), 2)))) - 1);

    /// <summary>
    /// The angle (degrees, clockwise on screen) of the line between the eye centres against the mean shape's: the head's
    /// roll, which an upright square cannot take out.
    /// </summary>
    public static double RollDegrees(ReadOnlySpan<float> points)
    {
        var mean = FaceFraming.MeanShape;
        // Schema order: left_eye_center (the subject's left, on the image's right), then right_eye_center.
        double angle = Math.Atan2(points[1] - points[3], points[0] - points[2]);
        double meanAngle = Math.Atan2(mean[1] - mean[3], mean[0] - mean[2]);
        return (angle - meanAngle) * 180 / Math.PI;
    }
}

/// <summary>Means and standard deviations of framing errors (the scale as its logarithm) and of the faces' roll.</summary>
public sealed record FramingErrorSpread(int Faces, double OffsetXMean, double OffsetXSd, double OffsetYMean, double OffsetYSd,
    double LogScaleMean, double LogScaleSd, double RollMean, double RollSd)
{
    public static FramingErrorSpread Of(IReadOnlyList<FramingError> errors, IReadOnlyList<double> rollDegrees)
    {
        var (xMean, xSd) = MeanSd(errors.Select(e => e.OffsetX));
        var (yMean, ySd) = MeanSd(errors.Select(e => e.OffsetY));
        var (sMean, sSd) = MeanSd(errors.Select(e => Math.Log(e.Scale)));
        var (rMean, rSd) = MeanSd(rollDegrees);
        return new FramingErrorSpread(errors.Count, xMean, xSd, yMean, ySd, sMean, sSd, rMean, rSd);
    }

    internal static (double Mean, double Sd) MeanSd(IEnumerable<double> values)
    {
        var all = values.ToArray();
        if (all.Length == 0) return (double.NaN, double.NaN);
        double mean = all.Average();
        return (mean, Math.Sqrt(all.Average(v => (v - mean) * (v - mean))));
    }
}
