using KeypointGrains.Keypoints.Photos;

namespace KeypointGrains.Client.Tests;

/// <summary>Small folders of labelled photos for kg's photo commands: the first photos of photos/ with their keypoints.csv.</summary>
public static class PhotoSubsets
{
    public static string Write(string parent, string name, int count)
    {
        var labelled = LabelledPhotos.Open(TestData.Photos());
        var subset = Directory.CreateDirectory(Path.Combine(parent, name)).FullName;
        var rows = labelled.Rows.Take(count).ToArray();
        foreach (var row in rows) File.Copy(labelled.PathOf(row), Path.Combine(subset, row.Image));
        PhotoKeypointsFile.Write(Path.Combine(subset, "keypoints.csv"), rows);
        return subset;
    }
}
