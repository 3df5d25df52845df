using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// A named recipe for the whole study: how the 30-column baseline and the six specialists train, on which rows, and
/// how the delivered models predict.
/// </summary>
/// <param name="Recipe">
/// The baseline's (and each whole-face model's) recipe. Its <see cref="TrainingRecipe.AllRows"/> says whether whole-face
/// models train on every row with the loss masked to its labelled keypoints, or on the complete rows only (the seed's way).
/// </param>
/// <param name="SpecialistRecipe">
/// Each specialist's recipe (its columns come from its group). Specialists train on every row that labels their group
/// (<see cref="TrainingRecipe.AllRows"/> false); its <see cref="TrainingRecipe.MaxTrainingFaces"/> lets a quick study
/// give the baseline every face and its specialists, which only touch the baseline up, a slice.
/// </param>
/// <param name="SpecialistsFromBaseline">Specialists start from the baseline's weights (<see cref="KeypointTrainer.InitialiseFrom"/>).</param>
public sealed record TrainingPreset(string Name, TrainingRecipe Recipe, TrainingRecipe SpecialistRecipe, bool SpecialistsFromBaseline);
