using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

public sealed class BenchSettings : GlobalSettings
{
    [CommandArgument(0, "<WHAT>")]
    [Description("train | infer | load | serve (the front door's HTTP and gRPC against the Orleans client path) | chaos (a campaign on silo processes, undisturbed and with silos killed in turn, or --partition: a host cut from the others) | photos (photo to keypoints, per stage) | tune (ASHA against random search with full budgets)")]
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
    [Description("infer: through the cluster (client → serving grain: fused, batched pass → merge) against the bare passes in this process.")]
    public bool Cluster { get; init; }

    [CommandOption("--campaign <ID>")]
    [Description("infer --cluster, load: the campaign whose ensemble to serve (default: the last one started here).")]
    public string? Campaign { get; init; }

    [CommandOption("--photos <DIR>")]
    [Description("photos: photos with true keypoints; the 640x480 JPEG is made from the first, then all are timed as they come.")]
    public string? Photos { get; init; }

    [CommandOption("--run <DIR>")]
    [Description("photos: a whole-face run folder instead of --campaign.")]
    public string? Run { get; init; }

    [CommandOption("--repeats <N>")]
    [Description("photos: timed runs of the 640x480 JPEG (default 50, after 3 untimed).")]
    public int? Repeats { get; init; }

    [CommandOption("--connect")]
    [Description("infer --cluster, load: connect to running silos instead of hosting one in this process (load: instead of starting silos).")]
    public bool Connect { get; init; }

    [CommandOption("--clients <N>")]
    [Description("load: clients sending requests side by side, each one after another (default 64; serve: 16).")]
    public int? Clients { get; init; }

    [CommandOption("--seconds <S>")]
    [Description("load: how long the clients send (default 30; serve: 10 per way).")]
    public double? Seconds { get; init; }

    [CommandOption("--requests <N>")]
    [Description("serve: one-face requests timed per way, after 20 of warm-up (default 200).")]
    public int? LatencyRequests { get; init; }

    [CommandOption("--silos <N>")]
    [Description("load: silo processes to start on loopback, sharing this configuration's storage (default 2); chaos: silo processes (default 3).")]
    public int? Silos { get; init; }

    [CommandOption("--kill-silo-after <S>")]
    [Description("load: kill the last silo this many seconds into the run; its requests are retried on the others.")]
    public double? KillSiloAfter { get; init; }

    [CommandOption("--faces-per-request <N>")]
    [Description("load: faces in each request (default 1).")]
    public int? FacesPerRequest { get; init; }

    [CommandOption("--tolerance-px <PX>")]
    [Description("load: an answer further than this from the per-model passes is wrong (default 0.0001; more for half precision).")]
    public double? TolerancePixels { get; init; }

    [CommandOption("--silo-host <PATH>")]
    [Description("load: the silo host's Silo.dll (default: the one built beside kg in its source tree).")]
    public string? SiloHost { get; init; }

    [CommandOption("--precision <FORMAT>")]
    [Description("infer --cluster: fp32 | bf16 | fp16 for the hosted silo and the bare fused pass (CUDA; the CPU keeps fp32); also scores served and fp32 answers on the campaign's validation faces.")]
    public string? Precision { get; init; }

    [CommandOption("--epochs <N>")]
    [Description("Timed epochs after one warm-up epoch (default 2); chaos: the baseline's epoch budget (default: the preset's).")]
    public int? Epochs { get; init; }

    [CommandOption("--preset <NAME>")]
    [Description("chaos: the campaign's preset (default quick).")]
    public string? Preset { get; init; }

    [CommandOption("--seed <N>")]
    [Description("chaos: the seed both runs share (default: the preset's).")]
    public int? Seed { get; init; }

    [CommandOption("--kill-every <SECONDS>")]
    [Description("chaos: a silo is killed this often (default 20).")]
    public double? KillEvery { get; init; }

    [CommandOption("--restart-after <SECONDS>")]
    [Description("chaos: and started again this long after its kill (default 10).")]
    public double? RestartAfter { get; init; }

    [CommandOption("--partition")]
    [Description("chaos: hosts in network namespaces (root), and the cut run cuts one host from the other silos instead of killing silos.")]
    public bool Partition { get; init; }

    [CommandOption("--hosts <N>")]
    [Description("chaos --partition: hosts, a silo each (default 3).")]
    public int? Hosts { get; init; }

    [CommandOption("--cut-after <SECONDS>")]
    [Description("chaos --partition: the cut begins this long into the campaign (default 20), on the host training the most models.")]
    public double? CutAfter { get; init; }

    [CommandOption("--cut-for <SECONDS>")]
    [Description("chaos --partition: and is healed this long after (default 30).")]
    public double? CutFor { get; init; }

    [CommandOption("--simulate")]
    [Description("tune: on a virtual clock at each of --accelerators, trials replaying recorded learning curves.")]
    public bool Simulate { get; init; }

    [CommandOption("--accelerators <LIST>")]
    [Description("tune --simulate: accelerator counts, comma-separated (default 8,64,512).")]
    public string? Accelerators { get; init; }

    [CommandOption("--trials <N>")]
    [Description("tune: trials sampled from the search space (default 16; simulated: 64 per accelerator).")]
    public int? Trials { get; init; }

    [CommandOption("--min-epochs <N>")]
    [Description("tune: epochs of the first rung (default 1).")]
    public int? MinEpochs { get; init; }

    [CommandOption("--max-epochs <N>")]
    [Description("tune: the full budget, the last rung (default 9; simulated: the recorded curves' length).")]
    public int? MaxEpochs { get; init; }

    [CommandOption("--reduction <ETA>")]
    [Description("tune: ASHA's reduction factor η; the top 1/η of a rung climbs (default 3).")]
    public int? Reduction { get; init; }

    [CommandOption("--space <NAME=VALUES>")]
    [Description("tune: a search parameter, repeatable: lr=1e-4..1e-2 and weight-decay=… (log-uniform), batch=16,32,64, network=…, augment=none,affine,affine+contrast.")]
    public string[]? Space { get; init; }

    [CommandOption("--space-file <PATH>")]
    [Description("tune: the search space as JSON, {\"lr\": [1e-4, 1e-2], \"batch\": [16, 32, 64]}.")]
    public string? SpaceFile { get; init; }

    [CommandOption("--preset-out <FILE>")]
    [Description("tune: write the best trial of the search as a preset file for kg campaign --preset-file.")]
    public string? PresetOut { get; init; }

    [CommandOption("--record <PATH>")]
    [Description("tune: write the full-budget trials' learning curves (CSV) for --simulate --curves.")]
    public string? Record { get; init; }

    [CommandOption("--curves <PATH>")]
    [Description("tune --simulate: recorded curves to replay (default: cnn-small curves shipped with kg).")]
    public string? Curves { get; init; }

    [CommandOption("--trial-spread <PX>")]
    [Description("tune --simulate: each trial's constant shift, drawn with this standard deviation (runs of one recipe differ by seed).")]
    public double? TrialSpread { get; init; }
}
