using KeypointGrains.Keypoints.Photos;

namespace KeypointGrains.Reporting;

/// <summary>The report's photo section (kg report --photos): the models measured on whole photos with true keypoints.</summary>
/// <param name="Folder">The photos' folder, as the user named it.</param>
/// <param name="Model">What predicted (the campaign and its ensemble version).</param>
public sealed record PhotoResults(string Folder, string Model, PhotoAccuracy Accuracy)
{
    /// <summary>How many of the worst photos the report draws.</summary>
    public const int WorstShown = 8;

    /// <summary>The photos with the highest NME with the detector (missed faces first), worst first.</summary>
    public IReadOnlyList<int> Worst =>
        Enumerable.Range(0, Accuracy.DetectorNme.Count).OrderByDescending(i => Accuracy.DetectorNme[i]).Take(WorstShown).ToArray();
}
