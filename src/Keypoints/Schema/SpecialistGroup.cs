namespace KeypointGrains.Keypoints.Schema;

/// <summary>One specialist: the keypoints it predicts and their columns (indices into the 30 Kaggle columns).</summary>
public sealed record SpecialistGroup(string Name, IReadOnlyList<string> Keypoints, IReadOnlyList<int> Columns);
