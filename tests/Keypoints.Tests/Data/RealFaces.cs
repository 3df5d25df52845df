using KeypointGrains.Keypoints.Data;

namespace KeypointGrains.Keypoints.Tests.Data;

/// <summary>The real training set, loaded once for the tests that only read it (loading is tested on its own).</summary>
internal static class RealFaces
{
    private static readonly Lazy<FaceSet> TrainingSet = new(() => KaggleCsvReader.ReadTraining(TestData.Fkd("training.csv.gz")));

    /// <summary>shared/data/fkd/training.csv.gz; skips the calling test when the data is absent.</summary>
    public static FaceSet Training
    {
        get
        {
            TestData.RequireData();
            return TrainingSet.Value;
        }
    }
}
