using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// Scores keypoints on photos the usual way for faces: NME, the mean distance over the 15 points divided by the
/// distance between the outer eye corners; a photo whose NME exceeds the threshold, or where no face was found, fails.
/// </summary>
public static class PhotoScore
{
    public const double FailureThreshold = 0.08;
    private static readonly int LeftOuter = Index("left_eye_outer_corner"), RightOuter = Index("right_eye_outer_corner");

    /// <summary>NME of one face; NaN predictions (no face) give +∞.</summary>
    public static double Nme(ReadOnlySpan<float> predicted, ReadOnlySpan<float> truth)
    {
        if (float.IsNaN(predicted[0])) return double.PositiveInfinity;
        double sum = 0;
        int points = truth.Length / 2;
        for (int k = 0; k < points; k++) sum += Distance(predicted, truth, k, k);
        return sum / points / Distance(truth, truth, LeftOuter, RightOuter);
    }

    public static PhotoScoreSummary Summarise(IReadOnlyList<double> nmes, double threshold = FailureThreshold)
    {
        var found = nmes.Where(double.IsFinite).Order().ToArray();
        double median = found.Length == 0 ? double.NaN
            : found.Length % 2 == 1 ? found[found.Length / 2] : (found[found.Length / 2 - 1] + found[found.Length / 2]) / 2;
        // AUC of the cumulative error curve up to the threshold, over every photo (no face: never under the curve).
        double auc = nmes.Count == 0 ? double.NaN : nmes.Sum(e => double.IsFinite(e) ? Math.Max(0, threshold - e) : 0) / threshold / nmes.Count;
        return new PhotoScoreSummary(nmes.Count, found.Length, found.Length == 0 ? double.NaN : found.Average(), median,
            nmes.Count(e => !(e <= threshold)) / (double)Math.Max(1, nmes.Count), auc, threshold);
    }

    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int i, int j) =>
        Math.Sqrt(Math.Pow(a[2 * i] - b[2 * j], 2) + Math.Pow(a[2 * i + 1] - b[2 * j + 1], 2));

    private static int Index(string keypoint) => KeypointSchema.Keypoints.ToList().IndexOf(keypoint);
}

/// <summary>Photos scored, faces found, NME mean and median over found faces, failure rate and AUC at the threshold.</summary>
public sealed record PhotoScoreSummary(int Photos, int Found, double MeanNme, double MedianNme, double FailureRate, double Auc, double Threshold)
{
    public double FoundRate => Found / (double)Math.Max(1, Photos);
}
