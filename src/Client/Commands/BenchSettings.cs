using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

public sealed class BenchSettings : GlobalSettings
{
    [CommandArgument(0, "<WHAT>")]
    [Description("train | infer | load | serve (the front door's HTTP and gRPC against the Orleans client path) | chaos (a campaign on silo processes, undisturbed and with silos killed in turn)")]
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
}
