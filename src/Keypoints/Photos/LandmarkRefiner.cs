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

    /// <summary>
    /// Every face BlazeFace finds on the whole photo (a square round it, the photo's edges repeated), largest first, as the
    /// box whose square <paramref name="boxFraming"/> would place where its landmarks place one: for photos where the
    /// cascade finds none. (BlazeFace's own boxes stray too far from the cascade's, 11 % of a box RMS, to be framed as they are.)
    /// </summary>
    public IReadOnlyList<FaceBox> FindWhole(GreyPhoto photo, FaceFraming boxFraming) =>
        FindAll(photo).Select(face => boxFraming.ToBox(framing.FromLandmarks(face), face.Score)).OrderByDescending(b => b.Area).ToArray();

    /// <summary>BlazeFace's own answers on the whole photo, best first.</summary>
    public IReadOnlyList<FaceLandmarks> FindAll(GreyPhoto photo) =>
        model.Detect(photo, PhotoCrop.Centred((photo.Width - 1) / 2.0, (photo.Height - 1) / 2.0, Math.Max(photo.Width, photo.Height)), minScore);

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
