using System.ComponentModel;
using KeypointGrains.Client.Commands;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Bench;

public sealed class TuneBenchSettings : GlobalSettings
{
    [CommandOption("--data <PATH>")]
    [Description("The training file (needed unless --simulate).")]
    public string? Data { get; init; }

    [CommandOption("--network <NAME>")]
    [Description("The trials' network (default cnn-small).")]
    public string? Network { get; init; }

    [CommandOption("--images <N>")]
    [Description("Training faces per trial (default 1000).")]
    public int? Images { get; init; }

    [CommandOption("--preset <NAME>")]
    [Description("The recipe the trials vary (default quick).")]
    public string? Preset { get; init; }

    [CommandOption("--seed <N>")]
    [Description("Seeds the trials drawn and their training (default 42).")]
    public int? Seed { get; init; }

    [CommandOption("--simulate")]
    [Description("On a virtual clock at each of --accelerators, trials replaying recorded learning curves.")]
    public bool Simulate { get; init; }

    [CommandOption("--accelerators <LIST>")]
    [Description("Accelerator counts, comma-separated (default 8,64,512).")]
    public string? Accelerators { get; init; }

    [CommandOption("--trials <N>")]
    [Description("Trials sampled from the search space (default 16; simulated: 64 per accelerator).")]
    public int? Trials { get; init; }

    [CommandOption("--min-epochs <N>")]
    [Description("Epochs of the first rung (default 1).")]
    public int? MinEpochs { get; init; }

    [CommandOption("--max-epochs <N>")]
    [Description("The full budget, the last rung (default 9; simulated: the recorded curves' length).")]
    public int? MaxEpochs { get; init; }

    [CommandOption("--reduction <ETA>")]
    [Description("ASHA's reduction factor η; the top 1/η of a rung climbs (default 3).")]
    public int? Reduction { get; init; }

    [CommandOption("--space <NAME=VALUES>")]
    [Description("A search parameter, repeatable: lr=1e-4..1e-2 and weight-decay=… (log-uniform), batch=16,32,64, network=…, augment=none,affine,affine+contrast.")]
    public string[]? Space { get; init; }

    [CommandOption("--space-file <PATH>")]
    [Description("The search space as JSON, {\"lr\": [[1e-4, 1e-2]], \"batch\": [[16, 32, 64]]}.")]
    public string? SpaceFile { get; init; }

    [CommandOption("--preset-out <FILE>")]
    [Description("Write the best trial of the search as a preset file for kg campaign --preset-file.")]
    public string? PresetOut { get; init; }

    [CommandOption("--record <PATH>")]
    [Description("Write the full-budget trials' learning curves (CSV) for --simulate --curves.")]
    public string? Record { get; init; }

    [CommandOption("--curves <PATH>")]
    [Description("Recorded curves to replay (default: cnn-small curves shipped with kg).")]
    public string? Curves { get; init; }

    [CommandOption("--trial-spread <PX>")]
    [Description("Each trial's constant shift, drawn with this standard deviation (runs of one recipe differ by seed).")]
    public double? TrialSpread { get; init; }
}
