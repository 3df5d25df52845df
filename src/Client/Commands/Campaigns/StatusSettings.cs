using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

public sealed class StatusSettings : GlobalSettings
{
    [CommandArgument(0, "[CAMPAIGN]")]
    [Description("Campaign id (default: the last one started from this folder).")]
    public string? Campaign { get; init; }

    [CommandOption("--cluster")]
    [Description("Connect to running silos instead of hosting one in this process.")]
    public bool? Cluster { get; init; }
}
