using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

public sealed class AugmentStudySettings : GlobalSettings
{
    [CommandOption("--data <PATH>")]
    [Description("Kaggle training.csv (plain, .gz or .zip).")]
    public string? Data { get; init; }

    [CommandOption("--preset <NAME>")]
    [Description("The recipe every run trains with: best (AdamW, warm-up + cosine decay; default, it learns most in few epochs) | quick | seed (the seed's SGD).")]
    public string? Preset { get; init; }

    [CommandOption("--network <NAME>")]
    [Description("The network every run trains: mlp | cnn-small | cnn-large | cnn-bn (default cnn-small).")]
    public string? Network { get; init; }

    [CommandOption("--epochs <N>")]
    [Description("Epochs per run, no early stopping (default 5).")]
    public int? Epochs { get; init; }

    [CommandOption("--rows <N>")]
    [Description("Train on the first N complete rows of the training side (default 480; 0 = all); every run is scored on all complete faces held out.")]
    public int? Rows { get; init; }

    [CommandOption("--augment <NAMES>")]
    [Description("The augmentations to try, each alone (default all: contrast,unsharp,adaptive3,adaptive9,affine,framing).")]
    public string? Augment { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Folder for augmentation-study.json (default runs/augmentation-study).")]
    public string? Out { get; init; }
}
