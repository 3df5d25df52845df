using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Specs;

namespace KeypointGrains.Grains.Training;

/// <summary>
/// Training files parsed and split once per silo (every model of a campaign reads the same file and shares one grouped
/// split of it, so all hold out the same people), and each model's rows of it, the training side expanded by the
/// recipe's photometric augmentations. A few files and splits are kept (a campaign's, with its folds); a read that
/// failed is tried again on the next call.
/// </summary>
public sealed class TrainingDataCache(int files, int splits)
{
    public const int KeptFiles = 2, KeptSplits = 5;

    public TrainingDataCache() : this(KeptFiles, KeptSplits) { }

    public RecentLoads<string, FaceSet> Files { get; } = new(files);
    public RecentLoads<(string Path, SplitSpec Split), (FaceSet Train, FaceSet Validation)> Splits { get; } = new(splits);

    public (FaceSet Train, FaceSet Validation) Load(ModelSpec spec)
    {
        // Near-duplicate frames of one person stay on one side, or validation would flatter every model.
        var split = Splits.Get((Path.GetFullPath(spec.DataPath), spec.Split),
            key => DataSplit.Grouped(Files.Get(key.Path, KaggleCsvReader.ReadTraining), key.Split));
        return ModelData.Of(split, spec);
    }
}
