using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

public sealed class TuneSettings : GlobalSettings
{
    [CommandOption("--data <PATH>")]
    [Description("Kaggle training.csv (plain, .gz or .zip); every silo must read it at this path.")]
    public string? Data { get; init; }

    [CommandOption("--preset <NAME>")]
    [Description("The recipe the trials vary (default quick).")]
    public string? Preset { get; init; }

    [CommandOption("--network <NAME>")]
    [Description("The trials' network unless the space varies it (default cnn-small).")]
    public string? Network { get; init; }

    [CommandOption("--trials <N>")]
    [Description("Trials sampled from the search space (default 16).")]
    public int? Trials { get; init; }

    [CommandOption("--min-epochs <N>")]
    [Description("Epochs of the first rung (default 1).")]
    public int? MinEpochs { get; init; }

    [CommandOption("--max-epochs <N>")]
    [Description("Every trial's budget: one that is never stopped trains this long (default 9).")]
    public int? MaxEpochs { get; init; }

    [CommandOption("--reduction <ETA>")]
    [Description("Successive halving's factor η: at each rung the best 1/η go on (default 3).")]
    public int? Reduction { get; init; }

    [CommandOption("--seed <N>")]
    [Description("Seeds the trials drawn (the same seed, the same trials) and every trial's training (default 42).")]
    public int? Seed { get; init; }

    [CommandOption("--space <NAME=VALUES>")]
    [Description("A search parameter, repeatable: lr=1e-4..1e-2 and weight-decay=… (log-uniform), batch=16,32,64, network=…, augment=none,affine,affine+contrast (default lr, batch and augment).")]
    public string[]? Space { get; init; }

    [CommandOption("--space-file <PATH>")]
    [Description("The search space as JSON, {\"lr\": [[1e-4, 1e-2]], \"batch\": [[16, 32, 64]]}.")]
    public string? SpaceFile { get; init; }

    [CommandOption("--images <N>")]
    [Description("Training faces per trial (default 1000; 0 = all).")]
    public int? Images { get; init; }

    [CommandOption("--parallel <N>")]
    [Description("Trials training at once (default: all); a stopped trial's place goes to the next.")]
    public int? Parallel { get; init; }

    [CommandOption("--campaign <ID>")]
    [Description("The search's id on the cluster (default tune-DATE-TIME); kg status ID shows its trials.")]
    public string? Campaign { get; init; }

    [CommandOption("--preset-out <FILE>")]
    [Description("Where the best trial's recipe goes, for kg campaign --preset-file (default runs/ID-best.json).")]
    public string? PresetOut { get; init; }

    [CommandOption("--cluster")]
    [Description("Connect to running silos (Cluster:GatewayPorts) instead of hosting one in this process.")]
    public bool? Cluster { get; init; }
}
