using KeypointGrains.Keypoints.Training;
using KeypointGrains.Reporting;

namespace KeypointGrains.Keypoints.Tests.Reporting;

public sealed class AugmentationStudyFileTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_written_study_reads_back_equal()
    {
        var study = new AugmentationStudyFile("training.csv", 600, 480, 120, 42,
        [
            new AugmentationResult("none", "cnn-small", 480, 5, 0.0042, 3.11, 20.5),
            new AugmentationResult("adaptive9", "cnn-small", 960, 5, 0.0040, 3.04, 41.0),
        ]);
        var path = Path.Combine(folder.Path, AugmentationStudyFile.FileName);

        study.Write(path);
        var read = AugmentationStudyFile.Read(path);

        Assert.Equal(study with { Runs = [] }, read with { Runs = [] });
        Assert.Equal(study.Runs, read.Runs);
        Assert.Equal([AugmentationStudyFile.FileName], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("{ \"Runs\": [ { \"Augmentation\": \"none\", \"Epochs\": \"many\" } ] }", "Epochs")]
    [InlineData("{ \"Data\": \"x\" }", "Runs")]
    public void A_file_that_is_not_a_study_is_refused_naming_the_file_and_the_field(string json, string field)
    {
        var path = Path.Combine(Directory.CreateDirectory(folder.Path).FullName, "broken.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<InvalidDataException>(() => AugmentationStudyFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(field, error.Message);
    }
}
