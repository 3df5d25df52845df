namespace KeypointGrains.Grains.Storage;

/// <summary>The name of the grain storage provider that holds campaign and training state.</summary>
public static class KeypointStorage
{
    public const string Name = "keypoints";
}
