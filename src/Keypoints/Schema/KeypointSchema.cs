namespace KeypointGrains.Keypoints.Schema;

/// <summary>
/// The 15 facial keypoints in Kaggle's column order, their left/right mirror pairs and the seed's six
/// specialist groups. Defined once here; everything else refers to it.
/// </summary>
public static class KeypointSchema
{
    public const int ImageSize = 96;
    public const int PixelCount = ImageSize * ImageSize;

    /// <summary>Pixel geometry's mirror: image column c becomes column 95 − c, so a point at x goes to 95 − x.</summary>
    public const float PixelMirrorSum = ImageSize - 1;

    /// <summary>
    /// Where Kaggle's labels go when a face is mirrored: x becomes 97.5 − x, not 95 − x; the labels sit about 1.25 px to
    /// the right of the pixels they mark. Measured with cnn-large trained without mirroring and shown mirrored faces:
    /// mapped back with 97.5 its x errs least (2.13 px on held-out people, 2.75 px with 95), and a 30-epoch network
    /// gives the same optimum on held-out and on training faces.
    /// </summary>
    public const float LabelMirrorSum = 97.5f;

    /// <summary>Keypoint names in Kaggle's order; each has an _x and a _y column.</summary>
    public static readonly IReadOnlyList<string> Keypoints =
    [
        "left_eye_center", "right_eye_center",
        "left_eye_inner_corner", "left_eye_outer_corner",
        "right_eye_inner_corner", "right_eye_outer_corner",
        "left_eyebrow_inner_end", "left_eyebrow_outer_end",
        "right_eyebrow_inner_end", "right_eyebrow_outer_end",
        "nose_tip",
        "mouth_left_corner", "mouth_right_corner",
        "mouth_center_top_lip", "mouth_center_bottom_lip",
    ];

    /// <summary>The 30 coordinate columns: keypoint k is columns 2k (x) and 2k+1 (y).</summary>
    public static readonly IReadOnlyList<string> Columns =
        Keypoints.SelectMany(k => new[] { k + "_x", k + "_y" }).ToArray();

    public static int ColumnCount => Columns.Count;

    /// <summary>Every column index, 0 to 29: a whole face.</summary>
    public static IReadOnlyList<int> AllColumns { get; } = Enumerable.Range(0, Columns.Count).ToArray();

    /// <summary>Keypoints that swap places when a face is mirrored left/right (indices into <see cref="Keypoints"/>).</summary>
    public static readonly IReadOnlyList<(int Left, int Right)> FlipPairs = BuildFlipPairs();

    /// <summary>The seed's six specialists; together they cover every column exactly once.</summary>
    public static readonly IReadOnlyList<SpecialistGroup> Specialists =
    [
        Group("eye-centers", "left_eye_center", "right_eye_center"),
        Group("nose-tip", "nose_tip"),
        Group("mouth-corners-top-lip", "mouth_left_corner", "mouth_right_corner", "mouth_center_top_lip"),
        Group("bottom-lip", "mouth_center_bottom_lip"),
        Group("eye-corners", "left_eye_inner_corner", "right_eye_inner_corner", "left_eye_outer_corner", "right_eye_outer_corner"),
        Group("eyebrows", "left_eyebrow_inner_end", "right_eyebrow_inner_end", "left_eyebrow_outer_end", "right_eyebrow_outer_end"),
    ];

    public static int ColumnIndex(string column)
    {
        for (int i = 0; i < Columns.Count; i++)
            if (Columns[i] == column) return i;
        return -1;
    }

    public static int KeypointIndex(string keypoint)
    {
        for (int i = 0; i < Keypoints.Count; i++)
            if (Keypoints[i] == keypoint) return i;
        throw new ArgumentException($"Unknown keypoint '{keypoint}'.", nameof(keypoint));
    }

    public static SpecialistGroup Specialist(string name) =>
        Specialists.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException(
            $"Unknown specialist '{name}'. Known: {string.Join(", ", Specialists.Select(s => s.Name))}.", nameof(name));

    /// <summary>
    /// For each column of <paramref name="columns"/>, the position within <paramref name="columns"/> of the column it
    /// becomes after a left/right flip (itself when the keypoint has no mirror partner in the subset).
    /// </summary>
    public static int[] FlipPermutation(IReadOnlyList<int> columns)
    {
        var partner = Enumerable.Range(0, Keypoints.Count).ToArray();
        foreach (var (left, right) in FlipPairs)
        {
            partner[left] = right;
            partner[right] = left;
        }
        var position = new Dictionary<int, int>();
        for (int i = 0; i < columns.Count; i++) position[columns[i]] = i;
        var permutation = new int[columns.Count];
        for (int i = 0; i < columns.Count; i++)
        {
            int mirrored = partner[columns[i] / 2] * 2 + columns[i] % 2;
            permutation[i] = position.TryGetValue(mirrored, out var p) ? p : i;
        }
        return permutation;
    }

    private static SpecialistGroup Group(string name, params string[] keypoints) =>
        new(name, keypoints, keypoints.SelectMany(k => new[] { 2 * KeypointIndex(k), 2 * KeypointIndex(k) + 1 }).ToArray());

    private static (int, int)[] BuildFlipPairs() =>
        Keypoints.Select((name, index) => (name, index))
            .Where(k => k.name.StartsWith("left_") || k.name.Contains("_left_"))
            .Select(k => (k.index, KeypointIndex(k.name.StartsWith("left_")
                ? "right_" + k.name["left_".Length..]
                : k.name.Replace("_left_", "_right_"))))
            .ToArray();
}
