using System.ComponentModel;
using KeypointGrains.Client.Commands;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Bench;

public sealed class PhotoBenchSettings : GlobalSettings
{
    [CommandOption("--photos <DIR>")]
    [Description("Photos with true keypoints; the 640x480 JPEG is made from the first, then all are timed as they come.")]
    public string? Photos { get; init; }

    [CommandOption("--campaign <ID>")]
    [Description("The campaign whose ensemble predicts (default: the last one started here).")]
    public string? Campaign { get; init; }

    [CommandOption("--run <DIR>")]
    [Description("A whole-face run folder instead of --campaign.")]
    public string? Run { get; init; }

    [CommandOption("--connect")]
    [Description("Connect to running silos instead of hosting one in this process.")]
    public bool Connect { get; init; }

    [CommandOption("--repeats <N>")]
    [Description("Timed runs of the 640x480 JPEG (default 50, after 3 untimed).")]
    public int? Repeats { get; init; }
}
