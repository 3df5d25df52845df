using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

/// <summary>Options of the commands that apply a trained model to a file.</summary>
public sealed class ModelDataSettings : GlobalSettings
{
    [CommandOption("--run <DIR>")]
    [Description("A run folder written by kg train (or its model.bin).")]
    public string? Run { get; init; }

    [CommandOption("--data <PATH>")]
    [Description("evaluate: a labelled training.csv; predict: test.csv.")]
    public string? Data { get; init; }

    [CommandOption("--test <PATH>")]
    [Description("submit: Kaggle's test.csv.")]
    public string? Test { get; init; }

    [CommandOption("--lookup <PATH>")]
    [Description("submit: Kaggle's IdLookupTable.csv.")]
    public string? Lookup { get; init; }

    [CommandOption("--campaign <ID>")]
    [Description("Predict with a campaign's specialist ensemble through the cluster instead of a local model.")]
    public string? Campaign { get; init; }

    [CommandOption("--cluster")]
    [Description("With --campaign: connect to running silos instead of hosting one in this process.")]
    public bool? Cluster { get; init; }

    [CommandOption("--out <FILE>")]
    public string? Out { get; init; }

    [CommandOption("--images <PATH>")]
    [Description("predict: photos (files or folders of them; repeat the flag for more) instead of --data: one row per photo, its largest face, in photo pixels.")]
    public string[]? Images { get; init; }

    [CommandOption("--overlay <DIR>")]
    [Description("predict --images: also write each photo with its boxes and keypoints drawn, as PNG, to this folder.")]
    public string? Overlay { get; init; }

    [CommandOption("--photos <DIR>")]
    [Description("evaluate: photos with true keypoints (keypoints.csv beside them or their images/ folder) instead of --data: faces found, NME.")]
    public string? Photos { get; init; }

    [CommandOption("--reframe <N>")]
    [Description("predict --images, evaluate --photos: frame each face again from its predicted points N times (default: Photos:Reframings, 0).")]
    public int? Reframe { get; init; }
}
