using KeypointGrains.Keypoints.Augment;

namespace KeypointGrains.Client.Commands;

/// <summary>How kg reads <c>--augment NAME[,NAME...]</c>: the registry's plan, or a usage error listing the known names.</summary>
public static class AugmentationOption
{
    public static AugmentationPlan Parse(string? names)
    {
        try
        {
            return AugmentationRegistry.Parse(names ?? "");
        }
        catch (ArgumentException error)
        {
            throw new UsageException($"--augment: {error.Message}");
        }
    }
}
