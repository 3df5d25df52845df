using System.Globalization;
using System.IO.Compression;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Tests.Data;

namespace KeypointGrains.Keypoints.Tests.Evaluation;

public class SubmissionWriterTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [SkippableFact]
    public void A_submission_for_the_real_lookup_has_kaggles_header_and_exactly_the_lookup_rows_clamped_to_the_image()
    {
        var lookup = IdLookupTable.Read(TestData.Fkd("IdLookupTable.csv.gz"));
        var imageIds = lookup.Select(r => r.ImageId).Distinct().ToArray();
        // Values run from -20 to 120 so that both clamps are exercised.
        var predictions = Enumerable.Range(0, imageIds.Length * 30).Select(i => i % 141 - 20.25f).ToArray();
        var path = folder.File("submission.csv");

        SubmissionWriter.Write(path, lookup, imageIds, predictions);

        var lines = File.ReadAllLines(path);
        Assert.Equal(SampleSubmissionHeader(), lines[0]);
        Assert.Equal(9744, lines.Length - 1);
        var rows = lines.Skip(1).Select(line => line.Split(',')).ToArray();
        Assert.All(rows, fields => Assert.Equal(2, fields.Length));
        Assert.Equal(lookup.Select(r => r.RowId.ToString(CultureInfo.InvariantCulture)), rows.Select(fields => fields[0]));
        var values = rows.Select(fields => float.Parse(fields[1], CultureInfo.InvariantCulture)).ToArray();
        Assert.All(values, v => Assert.InRange(v, 0f, 96f));
        var position = imageIds.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index);
        for (int i = 0; i < lookup.Count; i++)
            Assert.Equal(Math.Clamp(predictions[position[lookup[i].ImageId] * 30 + lookup[i].Column], 0f, 96f), values[i]);
        Assert.Contains(0f, values);
        Assert.Contains(96f, values);
    }

    [Fact]
    public void Values_are_written_with_a_decimal_point_whatever_the_culture()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var path = folder.File("submission.csv");
            SubmissionWriter.Write(path, [new IdLookupRow(7, 3, 0), new IdLookupRow(8, 3, 1)], (_, column) => column == 0 ? 12.5f : 40.25f);
            Assert.Equal("RowId,Location\n7,12.5\n8,40.25\n", File.ReadAllText(path));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void A_lookup_row_for_an_image_without_predictions_is_refused_and_nothing_is_written()
    {
        var path = folder.File("submission.csv");
        var error = Assert.Throws<ArgumentException>(() =>
            SubmissionWriter.Write(path, [new IdLookupRow(1, 5, 0)], [4], new float[KeypointSchema.ColumnCount]));
        Assert.Contains("ImageId 5", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_missing_prediction_is_refused_rather_than_written_as_NaN()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SubmissionWriter.Write(folder.File("submission.csv"), [new IdLookupRow(9, 2, 20)], (_, _) => float.NaN));
        Assert.Contains("RowId 9: nose_tip_x of ImageId 2", error.Message);
    }

    private static string SampleSubmissionHeader()
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(TestData.KaggleMeta("SampleSubmission.csv.gz")), CompressionMode.Decompress));
        return reader.ReadLine()!;
    }
}
