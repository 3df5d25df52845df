using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;
using static KeypointGrains.Keypoints.Tests.Augment.SyntheticFaces;

namespace KeypointGrains.Keypoints.Tests.Augment;

public class FaceSetAugmenterTests
{
    [Fact]
    public void Expand_returns_the_originals_then_one_transformed_copy_per_augmentation()
    {
        var faces = new FaceSet(
            [.. Step(0.4f, 0.5f), .. Pixels((x, y) => 0.3f + 0.004f * (x + y)), .. WithNoise(Flat(0.5f), 0.05f, seed: 2)],
            [40, 50, float.NaN, float.NaN, 45.5f, 47],
            [11, 12, 13],
            KeypointSchema.Specialist("nose-tip").Columns);
        IFaceAugmentation[] augmentations = [new ContrastStretch(), new AdaptiveWienerFilter(9)];

        var expanded = FaceSetAugmenter.Expand(faces, augmentations);

        Assert.Equal(9, expanded.Count);
        Assert.Equal(faces.Columns, expanded.Columns);
        Assert.Equal([11, 12, 13, 11, 12, 13, 11, 12, 13], expanded.Ids);
        Assert.Equal([.. faces.Targets, .. faces.Targets, .. faces.Targets], expanded.Targets);
        for (int face = 0; face < 3; face++)
        {
            Assert.Equal(faces.Image(face).ToArray(), expanded.Image(face).ToArray());
            for (int a = 0; a < augmentations.Length; a++)
            {
                var expected = Apply(augmentations[a], faces.Image(face).ToArray());
                Assert.Equal(expected, expanded.Image((a + 1) * 3 + face).ToArray());
                Assert.NotEqual(faces.Image(face).ToArray(), expected);
            }
        }
    }

    [Fact]
    public void Expanding_with_nothing_copies_the_set()
    {
        var faces = new FaceSet(Dot(50, 50), [50, 50], [1], KeypointSchema.Specialist("nose-tip").Columns);
        var expanded = FaceSetAugmenter.Expand(faces, []);
        Assert.Equal(faces.Pixels, expanded.Pixels);
        Assert.NotSame(faces.Pixels, expanded.Pixels);
    }
}
