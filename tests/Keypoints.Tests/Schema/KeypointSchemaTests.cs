using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Tests.Schema;

public class KeypointSchemaTests
{
    [Fact]
    public void Specialist_groups_cover_every_column_exactly_once()
    {
        var columns = KeypointSchema.Specialists.SelectMany(s => s.Columns).OrderBy(c => c).ToArray();
        Assert.Equal(Enumerable.Range(0, 30), columns);
        Assert.Equal(6, KeypointSchema.Specialists.Count);
    }

    [Fact]
    public void Flip_pairs_join_each_left_keypoint_to_its_right_twin()
    {
        Assert.Equal(6, KeypointSchema.FlipPairs.Count);
        foreach (var (left, right) in KeypointSchema.FlipPairs)
            Assert.Equal(KeypointSchema.Keypoints[left].Replace("left", "right"), KeypointSchema.Keypoints[right]);
    }

    [Fact]
    public void Flip_permutation_of_the_eye_centres_swaps_left_and_right()
    {
        var eyes = KeypointSchema.Specialist("eye-centers").Columns;
        Assert.Equal([2, 3, 0, 1], KeypointSchema.FlipPermutation(eyes));
        Assert.Equal([0, 1], KeypointSchema.FlipPermutation(KeypointSchema.Specialist("nose-tip").Columns));
    }
}
