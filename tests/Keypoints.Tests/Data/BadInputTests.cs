using KeypointGrains.Keypoints.Data;

namespace KeypointGrains.Keypoints.Tests.Data;

/// <summary>Every kind of bad input is a <see cref="DataFormatException"/> that names file, line and column.</summary>
public class BadInputTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    public static TheoryData<string, string, int, string, string> BrokenTrainingLines => new()
    {
        // description, replacement for data line 2 (file line 3), expected line, expected column text, expected problem text
        { "a column short", string.Join(",", KaggleText.TrainingLine(1).Split(',')[..30]), 3, "column 'Image' (column 31)", "30 columns, the header 31" },
        { "a column too many", KaggleText.TrainingLine(1) + ",7", 3, "column 32", "32 columns, the header only 31" },
        { "too few pixels", KaggleText.TrainingLine(1)[..KaggleText.TrainingLine(1).LastIndexOf(' ')], 3, "column 'Image' (column 31)", "9215 grey levels, expected 9216" },
        { "too many pixels", KaggleText.TrainingLine(1) + " 5", 3, "column 'Image' (column 31)", "9217 grey levels" },
        { "non-numeric keypoint", "abc" + KaggleText.TrainingLine(1)[KaggleText.TrainingLine(1).IndexOf(',')..], 3, "column 'left_eye_center_x' (column 1)", "'abc' is not a number" },
        { "keypoint above 96", Replace(KaggleText.TrainingLine(1), 20, "96.5"), 3, "column 'nose_tip_x' (column 21)", "'96.5' is outside the image (0..96)" },
        { "keypoint below 0", Replace(KaggleText.TrainingLine(1), 29, "-0.1"), 3, "column 'mouth_center_bottom_lip_y' (column 30)", "'-0.1' is outside the image" },
        { "non-numeric pixel", KaggleText.TrainingLine(1).Replace(",7 8 9 10", ",7 8 x9 10"), 3, "column 'Image' (column 31, pixel 3)", "'x9' is not a whole number" },
        { "fractional pixel", KaggleText.TrainingLine(1).Replace(",7 8 9 10", ",7 8.5 9 10"), 3, "column 'Image' (column 31, pixel 2)", "'8.5' is not a whole number" },
        { "pixel above 255", KaggleText.TrainingLine(1).Replace(",7 8 9 10", ",7 8 256 10"), 3, "column 'Image' (column 31, pixel 3)", "grey level '256' is outside 0..255" },
        { "pixel below 0", KaggleText.TrainingLine(1).Replace(",7 8 9 10", ",7 -8 9 10"), 3, "column 'Image' (column 31, pixel 2)", "grey level '-8' is outside 0..255" },
    };

    [Theory]
    [MemberData(nameof(BrokenTrainingLines))]
    public void A_broken_training_line_is_reported_with_file_line_and_column(string description, string line, int expectedLine, string column, string problem)
    {
        var lines = KaggleText.Training(3).Split('\n');
        lines[2] = line;
        var path = Write("training.csv", string.Join("\n", lines));

        var error = Assert.Throws<DataFormatException>(() => KaggleCsvReader.ReadTraining(path));

        Assert.Contains($"training.csv, line {expectedLine}, {column}: ", error.Message);
        Assert.True(error.Message.Contains(problem), $"{description}: {error.Message}");
        Assert.Equal(expectedLine, error.Line);
    }

    [Fact]
    public void Of_several_broken_lines_in_a_large_file_the_first_is_reported()
    {
        // Enough rows for several blocks, parsed in parallel; the report must not depend on which block finished first.
        var lines = KaggleText.Training(700).Split('\n');
        lines[650] = "12";
        lines[420] = lines[420] + ",1";
        var path = Write("training.csv", string.Join("\n", lines));
        var error = Assert.Throws<DataFormatException>(() => KaggleCsvReader.ReadTraining(path));
        Assert.Equal(421, error.Line);
        Assert.Contains("training.csv, line 421, column 32", error.Message);
    }

    [Theory]
    [InlineData("", 1, "the file is empty")]
    [InlineData("\n\r\n", 1, "the file is empty")]
    public void An_empty_file_is_an_error_at_line_1(string text, int line, string problem)
    {
        var path = Write("training.csv", text);
        var error = Assert.Throws<DataFormatException>(() => KaggleCsvReader.ReadTraining(path));
        Assert.StartsWith($"{path}, line {line}: ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_header_without_rows_is_an_error_at_line_2()
    {
        var path = Write("test.csv", "ImageId,Image\r\n");
        var error = Assert.Throws<DataFormatException>(() => KaggleCsvReader.ReadTest(path));
        Assert.StartsWith($"{path}, line 2: ", error.Message);
        Assert.Contains("no data rows", error.Message);
    }

    [Theory]
    [InlineData("left_eye_center_x", "left_eye_centre_x", "column 'left_eye_center_x'", "the header lacks column 'left_eye_center_x'")]
    [InlineData(",Image", ",Image,Extra", "column 'Extra' (column 32)", "unknown column 'Extra'")]
    [InlineData(",Image", "", "column 'Image'", "the header lacks column 'Image'")]
    public void A_wrong_training_header_names_the_missing_or_unknown_column(string name, string replacement, string column, string problem)
    {
        var path = Write("training.csv", KaggleText.TrainingHeader.Replace(name, replacement) + "\n" + KaggleText.TrainingLine(0) + "\n");
        var error = Assert.Throws<DataFormatException>(() => KaggleCsvReader.ReadTraining(path));
        Assert.Contains($"training.csv, line 1, {column}: {problem}", error.Message);
    }

    [Fact]
    public void A_duplicated_header_column_is_an_error()
    {
        var path = Write("test.csv", "ImageId,Image,ImageId\n1,2,3\n");
        var error = Assert.Throws<DataFormatException>(() => KaggleCsvReader.ReadTest(path));
        Assert.Contains("test.csv, line 1, column 'ImageId' (column 3): column 'ImageId' appears twice", error.Message);
    }

    [Theory]
    [InlineData("x1", "'x1' is not an id")]
    [InlineData("0", "'0' is not an id")]
    [InlineData("", "'' is not an id")]
    public void A_bad_test_image_id_names_its_line_and_column(string id, string problem)
    {
        var path = Write("test.csv", KaggleText.Test(2).Replace("\n2,", $"\n{id},"));
        var error = Assert.Throws<DataFormatException>(() => KaggleCsvReader.ReadTest(path));
        Assert.Contains($"test.csv, line 3, column 'ImageId' (column 1): {problem}", error.Message);
    }

    [Fact]
    public void A_repeated_test_image_id_is_an_error_naming_both_lines()
    {
        var path = Write("test.csv", KaggleText.Test(3).Replace("\n3,", "\n1,"));
        var error = Assert.Throws<DataFormatException>(() => KaggleCsvReader.ReadTest(path));
        Assert.Contains("test.csv, line 4, column 'ImageId': ImageId 1 appears again (first on line 2)", error.Message);
    }

    [Theory]
    [InlineData("3,1,nose_tipx,", 4, "column 'FeatureName' (column 3)", "unknown feature name 'nose_tipx'")]
    [InlineData("1,1,nose_tip_y,", 4, "column 'RowId'", "RowId 1 appears again (first on line 2)")]
    [InlineData("3,one,nose_tip_y,", 4, "column 'ImageId' (column 2)", "'one' is not an id")]
    [InlineData("3,1,nose_tip_y", 4, "column 'Location'", "3 columns, the header 4")]
    public void A_broken_lookup_line_is_reported_with_file_line_and_column(string line, int expectedLine, string column, string problem)
    {
        var path = Write("IdLookupTable.csv", $"RowId,ImageId,FeatureName,Location\n1,1,nose_tip_x,\n2,1,left_eye_center_y,\n{line}\n");
        var error = Assert.Throws<DataFormatException>(() => IdLookupTable.Read(path));
        Assert.Contains($"IdLookupTable.csv, line {expectedLine}, {column}", error.Message);
        Assert.Contains(problem, error.Message);
    }

    private static string Replace(string line, int column, string value)
    {
        var fields = line.Split(',');
        fields[column] = value;
        return string.Join(",", fields);
    }

    private string Write(string name, string text)
    {
        File.WriteAllText(folder.File(name), text);
        return folder.File(name);
    }
}
