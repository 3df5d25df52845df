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
}
