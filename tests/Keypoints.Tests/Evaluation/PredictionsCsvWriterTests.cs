using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Tests.Data;

namespace KeypointGrains.Keypoints.Tests.Evaluation;

public class PredictionsCsvWriterTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Writes_image_id_and_the_30_training_columns_one_row_per_image()
    {
        var predictions = Enumerable.Range(0, 2 * 30).Select(i => i + 0.5f).ToArray();
        predictions[31] = float.NaN;
        var path = folder.File("out/predictions.csv");

        PredictionsCsvWriter.Write(path, [17, 4], predictions);

        var lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        Assert.Equal("ImageId," + string.Join(",", KeypointSchema.Columns), lines[0]);
        Assert.Equal("17," + string.Join(",", Enumerable.Range(0, 30).Select(i => $"{i}.5")), lines[1]);
        var second = lines[2].Split(',');
        Assert.Equal(31, second.Length);
        Assert.Equal(["4", "30.5", "", "32.5"], second[..4]);
        Assert.Single(Directory.GetFiles(folder.File("out"))); // no temporary file left beside it
    }

    [Fact]
    public void A_prediction_count_that_does_not_match_the_images_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => PredictionsCsvWriter.Write(folder.File("p.csv"), [1, 2], new float[30]));
        Assert.Contains("2 x 30 = 60", error.Message);
    }
}
