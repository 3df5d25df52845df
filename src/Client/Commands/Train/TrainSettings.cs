using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

public sealed class TrainSettings : GlobalSettings
{
    [CommandOption("--data <PATH>")]
    [Description("Kaggle training.csv (plain, .gz or .zip).")]
    public string? Data { get; init; }

    [CommandOption("--network <NAME>")]
    [Description("mean | mlp | cnn-small | cnn-large | cnn-bn | cnn-res | cnn-res16 (default: the preset's).")]
    public string? Network { get; init; }

    [CommandOption("--epochs <N>")]
    [Description("Maximum epochs (default: the preset's).")]
    public int? Epochs { get; init; }

    [CommandOption("--patience <N>")]
    [Description("Early stopping: epochs without a better validation loss (default: the preset's).")]
    public int? Patience { get; init; }

    [CommandOption("--lr <RATE>")]
    [Description("Peak learning rate (default: the preset's).")]
    public double? LearningRate { get; init; }

    [CommandOption("--batch <N>")]
    public int? BatchSize { get; init; }

    [CommandOption("--seed <N>")]
    public int? Seed { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Run folder for checkpoint, model, curves (default runs/NETWORK). An existing checkpoint there is resumed.")]
    public string? Out { get; init; }

    [CommandOption("--all-rows")]
    [Description("Train on every row with a masked loss instead of the complete rows only.")]
    public bool? AllRows { get; init; }

    [CommandOption("--split <KIND>")]
    [Description("grouped (near-duplicate faces stay on one side, default) | random.")]
    public string? Split { get; init; }

    [CommandOption("--augment <NAMES>")]
    [Description("Comma-separated augmentations: contrast, unsharp, adaptive3, adaptive9 (each adds one copy of the training faces), affine (random per batch), framing (per batch, as the face detector frames photos).")]
    public string? Augment { get; init; }

    [CommandOption("--preset <NAME>")]
    [Description("The recipe: quick (default: minutes on a CPU) | seed (the seed's) | best (optimizer, schedule, rows, augmentations); the flags above override its numbers.")]
    public string? Preset { get; init; }

    [CommandOption("--ema <DECAY>")]
    [Description("Validate and deliver a moving average of the weights with this decay per step, e.g. 0.99 (default: the preset's; 0 = off).")]
    public double? EmaDecay { get; init; }

    [CommandOption("--fresh")]
    [Description("Ignore a checkpoint in the run folder and start again.")]
    public bool Fresh { get; init; }
}
