namespace KeypointGrains.ClusterClient.Inference;

/// <summary>
/// All 30 coordinates (pixels, schema column order) for each face of a batch, merged from the ensemble's models.
/// <see cref="DegradedGroups"/> names the specialists whose keypoints came from the baseline instead (they failed).
/// </summary>
public sealed record EnsemblePrediction(int Count, float[] Coordinates, IReadOnlyList<string> DegradedGroups, int ManifestVersion)
{
    public const int ColumnsPerFace = 30;

    /// <summary>The number format the silo computed in (fp32, or bf16 / fp16 on CUDA).</summary>
    public string Precision { get; init; } = "fp32";

    /// <summary>How many calls the answer took: more than one when a silo failed (or went silent) and another answered.</summary>
    public int Attempts { get; init; } = 1;

    public bool Degraded => DegradedGroups.Count > 0;

    public ReadOnlySpan<float> Face(int face) => Coordinates.AsSpan(face * ColumnsPerFace, ColumnsPerFace);
}
