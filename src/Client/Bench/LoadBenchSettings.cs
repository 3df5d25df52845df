using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Bench;

public sealed class LoadBenchSettings : BenchFacesSettings
{
    [CommandOption("--campaign <ID>")]
    [Description("The campaign whose ensemble to serve (default: the last one started here).")]
    public string? Campaign { get; init; }

    [CommandOption("--connect")]
    [Description("Use the running cluster instead of starting silos.")]
    public bool Connect { get; init; }

    [CommandOption("--clients <N>")]
    [Description("Clients sending side by side, each one request after another (default 64).")]
    public int? Clients { get; init; }

    [CommandOption("--seconds <S>")]
    [Description("How long the clients send (default 30).")]
    public double? Seconds { get; init; }

    [CommandOption("--silos <N>")]
    [Description("Silo processes to start on loopback, sharing this configuration's storage (default 2).")]
    public int? Silos { get; init; }

    [CommandOption("--kill-silo-after <S>")]
    [Description("Kill the last silo this many seconds into the run; its requests are retried on the others.")]
    public double? KillSiloAfter { get; init; }

    [CommandOption("--faces-per-request <N>")]
    [Description("Faces in each request (default 1).")]
    public int? FacesPerRequest { get; init; }

    [CommandOption("--tolerance-px <PX>")]
    [Description("An answer further than this from the per-model passes is wrong (default 0.0001; more for half precision).")]
    public double? TolerancePixels { get; init; }

    [CommandOption("--silo-host <PATH>")]
    [Description("The silo host's Silo.dll (default: the one built beside kg in its source tree).")]
    public string? SiloHost { get; init; }
}
