using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

public sealed class BenchSettings : GlobalSettings
{
    [CommandArgument(0, "<WHAT>")]
    [Description("train | infer | chaos (a campaign on silo processes, undisturbed and with silos killed in turn)")]
    public string What { get; init; } = "";

    [CommandOption("--network <NAME>")]
    [Description("Network to measure (default cnn-large); chaos: every model's network (default: the preset's).")]
    public string? Network { get; init; }

    [CommandOption("--data <PATH>")]
    [Description("Faces to use (default: random faces; throughput does not depend on pixel values); chaos: the training file, needed.")]
    public string? Data { get; init; }

    [CommandOption("--images <N>")]
    [Description("Faces per training epoch (default 1280).")]
    public int? Images { get; init; }

    [CommandOption("--cluster")]
    [Description("infer: through the cluster (client → six specialist grains → merge) against the bare passes; needs --campaign.")]
    public bool Cluster { get; init; }

    [CommandOption("--campaign <ID>")]
    [Description("infer --cluster: the campaign whose ensemble to serve (default: the last one started here).")]
    public string? Campaign { get; init; }

    [CommandOption("--connect")]
    [Description("infer --cluster: connect to running silos instead of hosting one in this process.")]
    public bool Connect { get; init; }

    [CommandOption("--epochs <N>")]
    [Description("Timed epochs after one warm-up epoch (default 2); chaos: the baseline's epoch budget (default: the preset's).")]
    public int? Epochs { get; init; }

    [CommandOption("--preset <NAME>")]
    [Description("chaos: the campaign's preset (default quick).")]
    public string? Preset { get; init; }

    [CommandOption("--seed <N>")]
    [Description("chaos: the seed both runs share (default: the preset's).")]
    public int? Seed { get; init; }

    [CommandOption("--silos <N>")]
    [Description("chaos: silo processes (default 3).")]
    public int? Silos { get; init; }

    [CommandOption("--kill-every <SECONDS>")]
    [Description("chaos: a silo is killed this often (default 20).")]
    public double? KillEvery { get; init; }

    [CommandOption("--restart-after <SECONDS>")]
    [Description("chaos: and started again this long after its kill (default 10).")]
    public double? RestartAfter { get; init; }
}
