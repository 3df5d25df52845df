using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;
using Xunit.Abstractions;

namespace KeypointGrains.Keypoints.Tests.Data;

public class KaggleCsvReaderTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Complete_and_specialist_subsets_of_the_real_training_file_have_the_documented_sizes()
    {
        var faces = RealFaces.Training;
        Assert.Equal(2140, faces.Labelled(faces.Columns).Count);
        var rows = KeypointSchema.Specialists.ToDictionary(s => s.Name, s => faces.Labelled(s.Columns).Count);
        foreach (var (name, count) in rows) output.WriteLine($"{name}: {count} rows");
        Assert.Equal(3584, rows["eye-centers"]);
        Assert.Equal(3600, rows["nose-tip"]);
        Assert.Equal(2260, rows["mouth-corners-top-lip"]);
        Assert.Equal(3571, rows["bottom-lip"]);
        Assert.Equal(2247, rows["eye-corners"]);
        Assert.Equal(2190, rows["eyebrows"]);
    }

    [SkippableFact]
    public void Reads_the_real_test_file()
    {
        var faces = KaggleCsvReader.ReadTest(TestData.Fkd("test.csv.gz"));
        Assert.Equal(622, faces.Count);
        Assert.Equal(Enumerable.Range(1, 622), faces.Ids);
        Assert.Empty(faces.Columns);
        Assert.Empty(faces.Targets);
        Assert.Equal(622 * KeypointSchema.PixelCount, faces.Pixels.Length);
        Assert.Equal(1 / 255f, faces.Image(0)[0]);
    }
}
