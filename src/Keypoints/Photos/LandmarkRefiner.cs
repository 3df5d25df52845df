namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// Frames a detected face from its landmarks rather than from its box: <see cref="BlazeFace"/> runs on a square round
/// the box (<see cref="DetectorSettings.LandmarkRegion"/> box widths, so that the face fills the input about as its
/// training faces did), the answer whose box centre lies in the detector's box is taken, and
/// <see cref="LandmarkFraming"/> places the square from its eyes, nose and mouth and the box's own square.
/// </summary>
public sealed class LandmarkRefiner(BlazeFace model, LandmarkFraming framing, double region, double minScore) : IDisposable
{
    public static LandmarkRefiner From(DetectorSettings settings) =>
        new(new BlazeFace(settings.LandmarkModelPath, DetectorSettings.LandmarkModelMissing), LandmarkFraming.Fitted,
            settings.LandmarkRegion, settings.LandmarkMinScore);

    /// <summary>The landmarks of the face in <paramref name="box"/>, null where the model finds none credible there.</summary>
    public FaceLandmarks? Find(GreyPhoto photo, FaceBox box)
    {
        var square = PhotoCrop.Centred(box.CentreX, box.CentreY, region * Math.Max(box.Width, box.Height));
        return model.Detect(photo, square, minScore)
            .Where(f => box.Contains(f.Box.CentreX, f.Box.CentreY))
            .MinBy(f => Math.Pow(f.Box.CentreX - box.CentreX, 2) + Math.Pow(f.Box.CentreY - box.CentreY, 2));
    }

    /// <summary>The square for the face in <paramref name="box"/>: from its landmarks and the box, or the box's alone where none were found.</summary>
    public PhotoCrop Frame(GreyPhoto photo, FaceBox box, FaceFraming boxFraming) =>
        Find(photo, box) is { } face ? framing.Frame(face, boxFraming.FromBox(box)) : boxFraming.FromBox(box);

    public void Dispose() => model.Dispose();
}
