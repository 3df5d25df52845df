using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Tests.Data;

public class IdLookupTableTests
{
    [SkippableFact]
    public void Reads_the_real_lookup_table_and_every_image_it_names_is_in_the_test_file()
    {
        var rows = IdLookupTable.Read(TestData.Fkd("IdLookupTable.csv.gz"));

        Assert.Equal(9744, rows.Count);
        Assert.Equal(Enumerable.Range(1, 9744), rows.Select(r => r.RowId));
        Assert.Equal(new IdLookupRow(1, 1, KeypointSchema.ColumnIndex("left_eye_center_x")), rows[0]);
        Assert.Equal("left_eye_center_y", rows[1].FeatureName);
        var testIds = KaggleCsvReader.ReadTest(TestData.Fkd("test.csv.gz")).Ids.ToHashSet();
        Assert.All(rows, r => Assert.Contains(r.ImageId, testIds));
    }

    [SkippableFact]
    public void Reads_kaggles_own_lookup_table()
    {
        var rows = IdLookupTable.Read(TestData.KaggleMeta("IdLookupTable.csv.gz"));
        Assert.Equal(27124, rows.Count);
        Assert.Equal(1783, rows.Select(r => r.ImageId).Distinct().Count());
    }
}
