namespace KeypointGrains.ClusterClient.Inference;

/// <summary>
/// All 30 coordinates (pixels, schema column order) for each face of a batch, merged from the ensemble's models.
/// <see cref="DegradedGroups"/> names the specialists whose keypoints came from the baseline instead (failed or late).
/// </summary>
public sealed record EnsemblePrediction(int Count, float[] Coordinates, IReadOnlyList<string> DegradedGroups, int ManifestVersion)
{
    public const int ColumnsPerFace = 30;

    public bool Degraded => DegradedGroups.Count > 0;

    public ReadOnlySpan<float> Face(int face) => Coordinates.AsSpan(face * ColumnsPerFace, ColumnsPerFace);
}
