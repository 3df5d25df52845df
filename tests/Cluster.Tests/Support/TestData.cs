namespace KeypointGrains.Cluster.Tests.Support;

/// <summary>The real training file, found by the same locator every test project uses (shared/data or KG_DATA_DIR).</summary>
public static class TestData
{
    /// <summary>shared/data/fkd/training.csv.gz; skips the calling test when the data is absent.</summary>
    public static string RequireTrainingCsv() => Keypoints.Tests.TestData.Fkd("training.csv.gz");
}
