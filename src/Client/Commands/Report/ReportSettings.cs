using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

public sealed class ReportSettings : GlobalSettings
{
    [CommandOption("--campaign <ID>")]
    [Description("Campaign to report (default: the last one started from this folder).")]
    public string? Campaign { get; init; }

    [CommandOption("--tune <ID>")]
    [Description("A recipe search (kg tune) to report instead of a campaign: its leaderboard, validation RMSE against each searched parameter, its rungs and every trial's learning curve.")]
    public string? Tune { get; init; }

    [CommandOption("--data <PATH>")]
    [Description("The campaign's training.csv (default: the path the campaign trained on): row counts, validation faces, pictures.")]
    public string? Data { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Folder for report.html and its pictures (default runs/report-CAMPAIGN).")]
    public string? Out { get; init; }

    [CommandOption("--augmented-campaign <ID>")]
    [Description("A second campaign, the same study trained with --augment (the seed's Model 5): its specialists and their ensemble are added, marked augmented.")]
    public string? AugmentedCampaign { get; init; }

    [CommandOption("--augmentation-study <FILE>")]
    [Description("augmentation-study.json written by kg augment-study: the report's augmentation table.")]
    public string? AugmentationStudy { get; init; }

    [CommandOption("--ablation-study <FILE>")]
    [Description("ablation-study.json written by kg ablation-study: the report's ablation table.")]
    public string? AblationStudy { get; init; }

    [CommandOption("--photos <DIR>")]
    [Description("Photos with true keypoints (a folder with keypoints.csv and images/, as photos/ is): adds the ensemble's NME with the face detector's framing and the true keypoints' framing, their cumulative error curve, and the worst photos drawn.")]
    public string? Photos { get; init; }

    [CommandOption("--cluster")]
    public bool? Cluster { get; init; }
}
