using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Bench;

public sealed class ServeBenchSettings : BenchFacesSettings
{
    [CommandOption("--campaign <ID>")]
    [Description("The campaign whose ensemble to serve (default: the last one started here).")]
    public string? Campaign { get; init; }

    [CommandOption("--connect")]
    [Description("Connect to running silos instead of hosting one in this process.")]
    public bool Connect { get; init; }

    [CommandOption("--requests <N>")]
    [Description("One-face requests timed per way, after 20 of warm-up (default 200).")]
    public int? LatencyRequests { get; init; }

    [CommandOption("--clients <N>")]
    [Description("Clients sending side by side, each one request after another (default 16).")]
    public int? Clients { get; init; }

    [CommandOption("--seconds <S>")]
    [Description("How long the clients send, per way (default 10).")]
    public double? Seconds { get; init; }
}
