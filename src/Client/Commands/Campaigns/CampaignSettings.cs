using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

public sealed class CampaignSettings : GlobalSettings
{
    [CommandOption("--data <PATH>")]
    [Description("Kaggle training.csv (plain, .gz or .zip); every silo must read it at this path.")]
    public string? Data { get; init; }

    [CommandOption("--preset <NAME>")]
    [Description("quick (minutes on a laptop, default) | seed (the seed's schedule) | best (our most accurate recipe).")]
    public string? Preset { get; init; }

    [CommandOption("--preset-file <FILE>")]
    [Description("A recipe found by a search (kg bench tune --preset-out): a preset with tuned values; instead of --preset.")]
    public string? PresetFile { get; init; }

    [CommandOption("--network <NAME>")]
    [Description("The network every model trains (default: the preset's).")]
    public string? Network { get; init; }

    [CommandOption("--epochs <N>")]
    [Description("Maximum epochs of the baseline (default: the preset's).")]
    public int? Epochs { get; init; }

    [CommandOption("--specialist-epochs <N>")]
    [Description("Maximum epochs of each specialist (default: the preset's, at most --epochs).")]
    public int? SpecialistEpochs { get; init; }

    [CommandOption("--patience <N>")]
    [Description("Early stopping: epochs without a better validation loss (default: the preset's).")]
    public int? Patience { get; init; }

    [CommandOption("--batch <N>")]
    public int? BatchSize { get; init; }

    [CommandOption("--seed <N>")]
    [Description("Seeds the split, the initial weights and every random draw (default 42).")]
    public int? Seed { get; init; }

    [CommandOption("--augment <NAMES>")]
    [Description("Comma-separated augmentations on top of the preset's: contrast, unsharp, adaptive3, adaptive9 (each adds one copy of the training faces), affine (random per batch), framing (per batch, as the face detector frames photos).")]
    public string? Augment { get; init; }

    [CommandOption("--folds <K>")]
    [Description("Train every model on each fold of a grouped K-fold split (K copies, averaged when serving); the report scores the ensemble out of fold. Default 1: one grouped split.")]
    public int? Folds { get; init; }

    [CommandOption("--campaign <ID>")]
    [Description("Campaign id (default: study-YYYYMMDD-HHMMSS). Naming an existing campaign follows it instead.")]
    public string? Campaign { get; init; }

    [CommandOption("--retry-failed")]
    [Description("With --campaign: train the campaign's failed models again from their last checkpoints, and the ones skipped because of them.")]
    public bool RetryFailed { get; init; }

    [CommandOption("--cluster")]
    [Description("Connect to running silos (Cluster:GatewayPorts) instead of hosting one in this process.")]
    public bool? Cluster { get; init; }
}
