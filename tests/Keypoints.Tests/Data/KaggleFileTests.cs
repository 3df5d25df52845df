using System.IO.Compression;
using System.Text;
using KeypointGrains.Keypoints.Data;

namespace KeypointGrains.Keypoints.Tests.Data;

public class KaggleFileTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [SkippableFact]
    public void Plain_gzip_and_zip_copies_of_real_rows_read_the_same()
    {
        // The first 150 lines of the real file, with its CRLF line ends, in all three forms.
        var text = KaggleFile.Read(TestData.Fkd("training.csv.gz"), stream =>
        {
            using var reader = new StreamReader(stream);
            return string.Concat(Enumerable.Range(0, 150).Select(_ => reader.ReadLine() + "\r\n"));
        });
        var plain = WritePlain("training.csv", text);
        var gzip = WriteGzip("training.csv.gz", text);
        var zip = WriteZip("training.zip", ("training.csv", text));

        var expected = KaggleCsvReader.ReadTraining(plain);
        Assert.Equal(149, expected.Count);
        foreach (var path in new[] { gzip, zip })
        {
            var actual = KaggleCsvReader.ReadTraining(path);
            Assert.Equal(expected.Pixels, actual.Pixels);
            Assert.Equal(expected.Targets, actual.Targets);
            Assert.Equal(expected.Ids, actual.Ids);
            Assert.Equal(expected.Columns, actual.Columns);
        }
        var real = RealFaces.Training;
        Assert.Equal(real.Pixels[..expected.Pixels.Length], expected.Pixels);
        Assert.Equal(real.Targets[..expected.Targets.Length], expected.Targets);
    }

    [Fact]
    public void Test_and_lookup_files_open_from_zip_and_gzip_too()
    {
        var test = KaggleCsvReader.ReadTest(WriteZip("test.zip", ("test.csv", KaggleText.Test(3))));
        Assert.Equal([1, 2, 3], test.Ids);
        var lookup = IdLookupTable.Read(WriteGzip("IdLookupTable.csv.gz", "RowId,ImageId,FeatureName,Location\n1,1,nose_tip_x,\n"));
        Assert.Equal(new IdLookupRow(1, 1, 20), Assert.Single(lookup));
    }

    [Fact]
    public void The_kind_is_told_by_content_so_a_renamed_gzip_still_reads()
    {
        var renamed = WriteGzip("training.csv", KaggleText.Training(2));
        Assert.Equal(2, KaggleCsvReader.ReadTraining(renamed).Count);
    }

    [Fact]
    public void A_byte_order_mark_and_a_missing_final_newline_are_accepted()
    {
        var path = WritePlain("training.csv", "\uFEFF" + KaggleText.Training(2).TrimEnd('\n'));
        Assert.Equal(2, KaggleCsvReader.ReadTraining(path).Count);
    }

    [Fact]
    public void Grey_levels_with_extra_spaces_or_leading_zeros_read_the_same_as_canonical_ones()
    {
        var canonical = KaggleCsvReader.ReadTest(WritePlain("test.csv", KaggleText.Test(3)));
        var lines = KaggleText.Test(3).TrimEnd('\n').Split('\n');
        lines[1] = lines[1].Replace(" 1", "  001");        // runs of spaces, leading zeros
        lines[2] = lines[2].Replace(",", ", ") + "  ";   // a space before the first level, spaces after the last
        lines[3] = lines[3].Replace(" 20", " 0020");       // four digits
        var irregular = KaggleCsvReader.ReadTest(WritePlain("irregular.csv", string.Join("\n", lines) + "\n"));
        Assert.Equal(canonical.Pixels, irregular.Pixels);
        Assert.Equal(canonical.Ids, irregular.Ids);
    }

    [Fact]
    public void A_zip_without_exactly_one_csv_is_an_error_naming_the_file_and_its_entries()
    {
        var path = WriteZip("training.zip", ("a.csv", KaggleText.Training(1)), ("b.csv", KaggleText.Training(1)));
        var error = Assert.Throws<DataFormatException>(() => KaggleCsvReader.ReadTraining(path));
        Assert.Contains("training.zip", error.Message);
        Assert.Contains("a.csv, b.csv", error.Message);
    }

    [Fact]
    public void A_file_named_gz_that_is_not_gzip_is_an_error()
    {
        var path = WritePlain("training.csv.gz", KaggleText.Training(1));
        var error = Assert.Throws<DataFormatException>(() => KaggleCsvReader.ReadTraining(path));
        Assert.Contains("training.csv.gz", error.Message);
        Assert.Contains("not gzip", error.Message);
    }

    [Fact]
    public void A_truncated_gzip_is_a_data_format_error_not_a_crash()
    {
        var whole = File.ReadAllBytes(WriteGzip("whole.csv.gz", KaggleText.Training(20)));
        var path = folder.File("training.csv.gz");
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);
        var error = Assert.Throws<DataFormatException>(() => KaggleCsvReader.ReadTraining(path));
        Assert.Contains("training.csv.gz, line ", error.Message);
    }

    private string WritePlain(string name, string text)
    {
        File.WriteAllText(folder.File(name), text, new UTF8Encoding(false));
        return folder.File(name);
    }

    private string WriteGzip(string name, string text)
    {
        using (var gzip = new GZipStream(File.Create(folder.File(name)), CompressionLevel.Fastest))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return folder.File(name);
    }

    private string WriteZip(string name, params (string Entry, string Text)[] entries)
    {
        using (var zip = ZipFile.Open(folder.File(name), ZipArchiveMode.Create))
            foreach (var (entry, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
                writer.Write(text);
            }
        return folder.File(name);
    }
}
