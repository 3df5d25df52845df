namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// Fits <see cref="FaceFraming"/> on pairs of a detector's box and the square placed from the same face's true
/// keypoints: the side ratio and centre shifts are means (what least squares gives for a constant), and the spread
/// left over says how far a box-framed face strays from a true-keypoint one, in 96x96 crop pixels and in scale.
/// </summary>
public static class FramingFit
{
    public sealed record Result(FaceFraming Framing, int Faces, double SideSpread, double ShiftXSpread, double ShiftYSpread,
        double CentreErrorCropPx, double ScaleErrorPercent);

    public static Result Fit(IReadOnlyList<(FaceBox Box, PhotoCrop Truth)> pairs)
    {
        if (pairs.Count == 0) throw new InvalidOperationException("No detected face matched a labelled one: nothing to fit.");
        var side = pairs.Select(p => p.Truth.Side / p.Box.Width).ToArray();
        var shiftX = pairs.Select(p => (p.Truth.Left + p.Truth.Side / 2 - p.Box.CentreX) / p.Box.Width).ToArray();
        var shiftY = pairs.Select(p => (p.Truth.Top + p.Truth.Side / 2 - p.Box.CentreY) / p.Box.Height).ToArray();
        var framing = new FaceFraming(side.Average(), shiftX.Average(), shiftY.Average());
        // How far the fitted square lands from the true one, measured in the true square's 96x96 pixels.
        var centre = pairs.Select(p =>
        {
            var crop = framing.FromBox(p.Box);
            var (u, v) = p.Truth.ToCrop(crop.Left + crop.Side / 2, crop.Top + crop.Side / 2);
            var (tu, tv) = p.Truth.ToCrop(p.Truth.Left + p.Truth.Side / 2, p.Truth.Top + p.Truth.Side / 2);
            return (Distance: Math.Sqrt((u - tu) * (u - tu) + (v - tv) * (v - tv)), Scale: Math.Abs(Math.Log(crop.Side / p.Truth.Side)));
        }).ToArray();
        return new Result(framing, pairs.Count, Spread(side), Spread(shiftX), Spread(shiftY),
            Math.Sqrt(centre.Average(c => c.Distance * c.Distance)), 100 * (Math.Exp(Math.Sqrt(centre.Average(c => c.Scale * c.Scale))) - 1));
    }

    private static double Spread(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }
}
