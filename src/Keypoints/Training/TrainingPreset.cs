namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// A named recipe for the whole study: how the 30-column baseline and the six specialists train, on which rows, and
/// how the delivered models predict.
/// </summary>
/// <param name="Options">The baseline's (and each whole-face model's) options.</param>
/// <param name="AllRows">
/// Whole-face models train on every row with the loss masked to its labelled keypoints; false keeps the complete
/// rows only (the seed's way). Specialists always train on every row that labels their group.
/// </param>
/// <param name="SpecialistOptions">Each specialist's options (its columns come from its group).</param>
/// <param name="SpecialistsFromBaseline">Specialists start from the baseline's weights (<see cref="KeypointTrainer.InitialiseFrom"/>).</param>
/// <param name="FlipAveraging">Delivered models average each prediction with that of the mirrored face.</param>
/// <param name="MaxTrainingFaces">Train on at most this many faces (the first of the training side); 0 = all.</param>
/// <param name="MaxSpecialistFaces">
/// The same cap for each specialist; 0 = <paramref name="MaxTrainingFaces"/>. A quick study can give the baseline every
/// face and its specialists, which only touch the baseline up, a slice.
/// </param>
public sealed record TrainingPreset(
    string Name,
    TrainingOptions Options,
    bool AllRows,
    TrainingOptions SpecialistOptions,
    bool SpecialistsFromBaseline,
    bool FlipAveraging,
    int MaxTrainingFaces,
    int MaxSpecialistFaces = 0);
