using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

public sealed class TrainSettings : GlobalSettings
{
    [CommandOption("--data <PATH>")]
    [Description("Kaggle training.csv (plain, .gz or .zip).")]
    public string? Data { get; init; }

    [CommandOption("--model <NAME>")]
    [Description("mean | mlp | cnn-small | cnn-large (default cnn-large).")]
    public string? Model { get; init; }

    [CommandOption("--epochs <N>")]
    [Description("Maximum epochs (default 3000, the seed's).")]
    public int? Epochs { get; init; }

    [CommandOption("--specialist-epochs <N>")]
    [Description("With --specialists: maximum epochs for each specialist (default: the preset's; best fine-tunes for 12).")]
    public int? SpecialistEpochs { get; init; }

    [CommandOption("--patience <N>")]
    [Description("Early stopping: epochs without a better validation loss (default 200).")]
    public int? Patience { get; init; }

    [CommandOption("--batch <N>")]
    public int? BatchSize { get; init; }

    [CommandOption("--seed <N>")]
    public int? Seed { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Run folder for checkpoint, model, curves (default runs/MODEL). An existing checkpoint there is resumed.")]
    public string? Out { get; init; }

    [CommandOption("--all-rows")]
    [Description("Train on every row with a masked loss instead of the complete rows only.")]
    public bool? AllRows { get; init; }

    [CommandOption("--split <KIND>")]
    [Description("grouped (near-duplicate faces stay on one side, default) | random.")]
    public string? Split { get; init; }

    [CommandOption("--augment <NAMES>")]
    [Description("Comma-separated augmentations: contrast, unsharp, adaptive3, adaptive9 (each adds one copy of the training faces), affine (random per batch).")]
    public string? Augment { get; init; }

    [CommandOption("--specialists")]
    [Description("Run the seed's study on the cluster: a baseline on all 30 columns plus the six specialists.")]
    public bool Specialists { get; init; }

    [CommandOption("--preset <NAME>")]
    [Description("quick (minutes on a laptop) | seed (the seed's schedule) | best (our most accurate recipe).")]
    public string? Preset { get; init; }

    [CommandOption("--cluster")]
    [Description("Connect to running silos (Cluster:GatewayPorts) instead of hosting one in this process.")]
    public bool? Cluster { get; init; }

    [CommandOption("--campaign <ID>")]
    [Description("Campaign id for --specialists (default: study-YYYYMMDD-HHMMSS).")]
    public string? Campaign { get; init; }

    [CommandOption("--fresh")]
    [Description("Ignore a checkpoint in the run folder and start again.")]
    public bool Fresh { get; init; }
}
