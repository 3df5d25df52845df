namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// A folder of photos with true keypoints: <c>keypoints.csv</c> (<see cref="PhotoKeypointsFile"/>) beside the photos
/// or beside an <c>images/</c> folder that holds them.
/// </summary>
public sealed record LabelledPhotos(string Folder, IReadOnlyList<PhotoKeypoints> Rows)
{
    public static LabelledPhotos Open(string folder)
    {
        var file = Path.Combine(folder, "keypoints.csv");
        if (!File.Exists(file)) throw new FileNotFoundException($"No keypoints.csv in {folder}: a photos folder has keypoints.csv and its images.", file);
        return new LabelledPhotos(folder, PhotoKeypointsFile.Read(file));
    }

    public string PathOf(PhotoKeypoints row)
    {
        var inImages = Path.Combine(Folder, "images", row.Image);
        return File.Exists(inImages) ? inImages : Path.Combine(Folder, row.Image);
    }

    /// <summary>
    /// The detected box of the labelled face: of the boxes that hold the centre of its keypoints, the one whose centre
    /// is nearest to it (other faces in the background are not it).
    /// </summary>
    public static int MatchingBox(IReadOnlyList<FaceBox> boxes, ReadOnlySpan<float> truth)
    {
        double cx = 0, cy = 0;
        for (int k = 0; k < truth.Length; k += 2) { cx += truth[k]; cy += truth[k + 1]; }
        (cx, cy) = (cx * 2 / truth.Length, cy * 2 / truth.Length);
        int best = -1;
        double nearest = double.MaxValue;
        for (int b = 0; b < boxes.Count; b++)
        {
            double d = Math.Pow(boxes[b].CentreX - cx, 2) + Math.Pow(boxes[b].CentreY - cy, 2);
            if (boxes[b].Contains((float)cx, (float)cy) && d < nearest) (best, nearest) = (b, d);
        }
        return best;
    }
}
