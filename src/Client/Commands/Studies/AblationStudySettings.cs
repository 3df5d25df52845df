using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

public sealed class AblationStudySettings : GlobalSettings
{
    [CommandOption("--data <PATH>")]
    [Description("Kaggle training.csv (plain, .gz or .zip).")]
    public string? Data { get; init; }

    [CommandOption("--preset <NAME>")]
    [Description("The recipe whose changes to the seed's are measured (default best).")]
    public string? Preset { get; init; }

    [CommandOption("--epochs <N>")]
    [Description("Epochs per run (default: the preset's).")]
    public int? Epochs { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Folder for ablation-study.json (default runs/ablation-study).")]
    public string? Out { get; init; }
}
