namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// Fits <see cref="FaceFraming"/> on pairs of a detector's box and the square placed from the same face's true
/// keypoints: the side ratio and centre shifts are means (what least squares gives for a constant), and the spread
/// left over says how far a box-framed face strays from a true-keypoint one, in 96x96 crop pixels and in scale.
/// </summary>
public static class FramingFit
{
    /// <param name="Errors">Each face's framing by the fit against its true-keypoint square.</param>
    public sealed record Result(FaceFraming Framing, int Faces, double SideSpread, double ShiftXSpread, double ShiftYSpread,
        double CentreErrorCropPx, double ScaleErrorPercent, IReadOnlyList<FramingError> Errors);

    public static Result Fit(IReadOnlyList<(FaceBox Box, PhotoCrop Truth)> pairs)
    {
        if (pairs.Count == 0) throw new InvalidOperationException("No detected face matched a labelled one: nothing to fit.");
        var side = pairs.Select(p => p.Truth.Side / p.Box.Width).ToArray();
        var shiftX = pairs.Select(p => (p.Truth.Left + p.Truth.Side / 2 - p.Box.CentreX) / p.Box.Width).ToArray();
        var shiftY = pairs.Select(p => (p.Truth.Top + p.Truth.Side / 2 - p.Box.CentreY) / p.Box.Height).ToArray();
        var framing = new FaceFraming(side.Average(), shiftX.Average(), shiftY.Average());
        var errors = pairs.Select(p => FramingError.Between(framing.FromBox(p.Box), p.Truth)).ToArray();
        return new Result(framing, pairs.Count, Spread(side), Spread(shiftX), Spread(shiftY),
            FramingError.CentreRms(errors), FramingError.ScaleRmsPercent(errors), errors);
    }

    private static double Spread(double[] values) => FramingErrorSpread.MeanSd(values).Sd;
}
