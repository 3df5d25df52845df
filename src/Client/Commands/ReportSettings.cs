using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

public sealed class ReportSettings : GlobalSettings
{
    [CommandOption("--campaign <ID>")]
    [Description("Campaign to report (default: the last one started from this folder).")]
    public string? Campaign { get; init; }

    [CommandOption("--data <PATH>")]
    [Description("The campaign's training.csv: row counts, and the faces for the worst/best image pictures.")]
    public string? Data { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Folder for report.html and its pictures (default runs/report-CAMPAIGN).")]
    public string? Out { get; init; }

    [CommandOption("--cluster")]
    public bool? Cluster { get; init; }
}
