using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Networks;

namespace KeypointGrains.Client.Commands;

/// <summary>How kg checks <c>--network NAME</c>: before any data is read or any folder made, with the known names.</summary>
public static class NetworkOption
{
    /// <param name="meanAllowed">kg train also fits the mean shape; a campaign's models are networks.</param>
    public static string Check(string name, bool meanAllowed)
    {
        var known = meanAllowed ? [TrainedModel.MeanName, .. NetworkRegistry.Names] : NetworkRegistry.Names;
        return known.Contains(name)
            ? name
            : throw new UsageException($"--network: unknown network '{name}'. Known: {string.Join(", ", known)}.");
    }
}
