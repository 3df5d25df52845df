using System.ComponentModel;
using KeypointGrains.Client.Commands;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Bench;

public sealed class ChaosBenchSettings : GlobalSettings
{
    [CommandOption("--data <PATH>")]
    [Description("The training file (needed).")]
    public string? Data { get; init; }

    [CommandOption("--network <NAME>")]
    [Description("Every model's network (default: the preset's).")]
    public string? Network { get; init; }

    [CommandOption("--epochs <N>")]
    [Description("The baseline's epoch budget (default: the preset's).")]
    public int? Epochs { get; init; }

    [CommandOption("--preset <NAME>")]
    [Description("The campaign's preset (default quick).")]
    public string? Preset { get; init; }

    [CommandOption("--seed <N>")]
    [Description("The seed both runs share (default: the preset's).")]
    public int? Seed { get; init; }

    [CommandOption("--silos <N>")]
    [Description("Silo processes on loopback (default 3).")]
    public int? Silos { get; init; }

    [CommandOption("--kill-every <SECONDS>")]
    [Description("A silo is killed this often (default 20).")]
    public double? KillEvery { get; init; }

    [CommandOption("--restart-after <SECONDS>")]
    [Description("And started again this long after its kill (default 10).")]
    public double? RestartAfter { get; init; }

    [CommandOption("--partition")]
    [Description("Hosts in network namespaces (root), and the cut run cuts one host from the other silos instead of killing silos.")]
    public bool Partition { get; init; }

    [CommandOption("--hosts <N>")]
    [Description("Hosts, a silo each (default 3).")]
    public int? Hosts { get; init; }

    [CommandOption("--cut-after <SECONDS>")]
    [Description("The cut begins this long into the campaign (default 20), on the host training the most models.")]
    public double? CutAfter { get; init; }

    [CommandOption("--cut-for <SECONDS>")]
    [Description("And is healed this long after (default 30).")]
    public double? CutFor { get; init; }
}
