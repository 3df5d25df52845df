namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// A face framed from its landmarks (<see cref="FaceLandmarks"/>: eyes, nose tip, mouth centre) together with its box.
/// The landmarks give the square that puts them nearest to where they sit in the 96x96 face the models were trained on
/// (<see cref="Template"/>; one scale and a shift, as <see cref="FaceFraming.FromKeypoints"/> places a square from
/// keypoints); that square and the box's are then blended, centre and log side each by its own weight, since the two
/// detectors stray from the true square in ways nearly independent of each other (on the photos with true keypoints
/// either alone strays about 2.3 crop px, the blend 1.7). Template and weights are fitted, not assumed
/// (<see cref="Fit"/>, printed by <c>kg fit-framing --landmarks</c>).
/// </summary>
/// <param name="Template">x, y in crop pixels of the first <see cref="Landmarks"/> landmarks, in the model's order.</param>
/// <param name="CentreWeight">The landmark square's share of the centre (0: the box's alone).</param>
/// <param name="SizeWeight">The landmark square's share of the log side.</param>
public sealed record LandmarkFraming(float[] Template, double CentreWeight, double SizeWeight)
{
    /// <summary>Eyes, nose tip and mouth centre: the ears' tragions are often hidden or guessed on a turned head.</summary>
    public const int Landmarks = 4;

    /// <summary>
    /// Fitted by <c>kg fit-framing --landmarks</c> on the 874 photos (of 885) where the default detector found the
    /// labelled face, BlazeFace looking at 2.5 box widths: from the landmarks alone a square strays 2.33 crop px RMS from
    /// the true one and 6.0 % in size, the box's 2.34 px and 8.3 %, the blend 1.70 px and 5.2 %.
    /// </summary>
    public static LandmarkFraming Fitted { get; } = new([29.035f, 38.083f, 63.075f, 37.428f, 46.335f, 56.334f, 46.593f, 74.301f], 0.50038, 0.67664);

    /// <summary>The square that puts the landmarks on <see cref="Template"/>, without the box.</summary>
    public PhotoCrop FromLandmarks(FaceLandmarks face) => FaceFraming.Place(face.Points.AsSpan(0, Template.Length), Template);

    /// <summary>The landmark square blended with <paramref name="fromBox"/>, the box's square.</summary>
    public PhotoCrop Frame(FaceLandmarks face, PhotoCrop fromBox)
    {
        var fromLandmarks = FromLandmarks(face);
        double Mix(double landmarks, double box, double weight) => weight * landmarks + (1 - weight) * box;
        return PhotoCrop.Centred(
            Mix(fromLandmarks.Left + fromLandmarks.Side / 2, fromBox.Left + fromBox.Side / 2, CentreWeight),
            Mix(fromLandmarks.Top + fromLandmarks.Side / 2, fromBox.Top + fromBox.Side / 2, CentreWeight),
            Math.Exp(Mix(Math.Log(fromLandmarks.Side), Math.Log(fromBox.Side), SizeWeight)));
    }

    /// <summary>
    /// The template (each landmark's mean position in the true squares' crops), then the weights that bring the blend
    /// nearest to the true squares by least squares (centres in true-crop pixels, sides as logarithms).
    /// </summary>
    public static LandmarkFraming Fit(IReadOnlyList<(FaceLandmarks Face, PhotoCrop FromBox, PhotoCrop Truth)> faces, int landmarks = Landmarks)
    {
        if (faces.Count == 0) throw new InvalidOperationException("No landmarks were found on a labelled face: nothing to fit.");
        var template = new float[2 * landmarks];
        foreach (var (face, _, truth) in faces)
        {
            var inCrop = truth.ToCrop(face.Points.AsSpan(0, template.Length));
            for (int i = 0; i < template.Length; i++) template[i] += inCrop[i] / faces.Count;
        }
        var unblended = new LandmarkFraming(template, 1, 1);
        // For an estimate a + w (b - a) of t, least squares gives w = Σ (t - a)(b - a) / Σ (b - a)².
        double centreAlong = 0, centreSpread = 0, sizeAlong = 0, sizeSpread = 0;
        foreach (var (face, box, truth) in faces)
        {
            var square = unblended.FromLandmarks(face);
            foreach (var (t, a, b) in new[]
                     {
                         (truth.Left + truth.Side / 2, box.Left + box.Side / 2, square.Left + square.Side / 2),
                         (truth.Top + truth.Side / 2, box.Top + box.Side / 2, square.Top + square.Side / 2),
                     })
            {
                // In the true square's crop pixels, so that large and small faces count alike.
                centreAlong += (t - a) * (b - a) * truth.Scale * truth.Scale;
                centreSpread += (b - a) * (b - a) * truth.Scale * truth.Scale;
            }
            double ls = Math.Log(truth.Side), la = Math.Log(box.Side), lb = Math.Log(square.Side);
            sizeAlong += (ls - la) * (lb - la);
            sizeSpread += (lb - la) * (lb - la);
        }
        return new LandmarkFraming(template, centreAlong / centreSpread, sizeAlong / sizeSpread);
    }
}
