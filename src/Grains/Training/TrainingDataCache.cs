using System.Collections.Concurrent;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Data;

namespace KeypointGrains.Grains.Training;

/// <summary>
/// Training files parsed and split once per silo (every model of a campaign reads the same file and shares one grouped
/// split of it, so all hold out the same people), and each model's rows of it, the training side expanded by the
/// recipe's photometric augmentations.
/// </summary>
public sealed class TrainingDataCache
{
    private readonly ConcurrentDictionary<string, Lazy<FaceSet>> files = new();
    private readonly ConcurrentDictionary<(string Path, double Fraction, int Seed, int Folds, int Fold), Lazy<(FaceSet Train, FaceSet Validation)>> splits = new();

    public (FaceSet Train, FaceSet Validation) Load(TrainingAssignment assignment)
    {
        var path = Path.GetFullPath(assignment.DataPath);
        // Near-duplicate frames of one person stay on one side, or validation would flatter every model.
        var key = (path, assignment.ValidationFraction, assignment.SplitSeed, assignment.Folds, assignment.Model.Fold);
        var (wholeTrain, wholeValidation) = splits.GetOrAdd(key, key => new(() =>
        {
            var file = files.GetOrAdd(key.Path, path => new(() => KaggleCsvReader.ReadTraining(path))).Value;
            return key.Folds >= 2
                ? DataSplit.GroupedFold(file, key.Folds, key.Fold, key.Seed)
                : DataSplit.GroupedTrainValidation(file, key.Fraction, key.Seed);
        })).Value;
        var recipe = assignment.Recipe;
        var (train, validation) = ModelRows.Of(wholeTrain, wholeValidation, assignment.Model.Columns, recipe.AllRows, recipe.MaxTrainingFaces);
        // Only the training side grows: a transformed copy of a validation face would be scored against itself.
        var expansions = RecipeOptions.Augmentations(recipe).Expansions;
        return (expansions.Count == 0 ? train : FaceSetAugmenter.Expand(train, expansions), validation);
    }
}
