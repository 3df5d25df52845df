using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Augment;

/// <summary>Expands a face set with photometric copies, the seed's way of augmenting (its Model 5).</summary>
public static class FaceSetAugmenter
{
    /// <summary>
    /// The training faces <paramref name="recipe"/> trains on: <paramref name="train"/> expanded by the recipe's
    /// augmentations that copy faces (the trainer draws its per-batch ones itself); <paramref name="train"/> itself when
    /// it names none.
    /// </summary>
    public static FaceSet Expand(FaceSet train, TrainingRecipe recipe)
    {
        var expansions = AugmentationRegistry.Of(recipe).Expansions;
        return expansions.Count == 0 ? train : Expand(train, expansions);
    }

    /// <summary>
    /// The original faces followed by one transformed copy of every face per augmentation, in the order given, so the
    /// result has (1 + augmentations.Count) × faces.Count rows: with the seed's four transforms that is ×5. (The seed's
    /// "×4" is read here as its four transforms' copies on top of the originals; a caller wanting exactly ×4 passes
    /// three.) Copies keep their face's targets and Id, so rows can be traced back to their source image.
    /// Expand only the training part, after the validation split: a copy of a validation face in training would leak it.
    /// </summary>
    public static FaceSet Expand(FaceSet faces, IReadOnlyList<IFaceAugmentation> augmentations)
    {
        int count = faces.Count, width = faces.Columns.Count, copies = 1 + augmentations.Count;
        var pixels = new float[checked(copies * count * KeypointSchema.PixelCount)];
        var targets = new float[copies * count * width];
        var ids = new int[copies * count];
        for (int copy = 0; copy < copies; copy++)
        {
            faces.Targets.AsSpan(0, count * width).CopyTo(targets.AsSpan(copy * count * width));
            faces.Ids.CopyTo(ids, copy * count);
        }
        faces.Pixels.AsSpan(0, count * KeypointSchema.PixelCount).CopyTo(pixels);
        Parallel.For(0, augmentations.Count * count, job =>
        {
            int augmentation = job / count, face = job % count;
            int offset = ((augmentation + 1) * count + face) * KeypointSchema.PixelCount;
            augmentations[augmentation].Apply(faces.Image(face), pixels.AsSpan(offset, KeypointSchema.PixelCount));
        });
        return new FaceSet(pixels, targets, ids, faces.Columns);
    }
}
