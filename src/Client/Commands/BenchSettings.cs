using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

public sealed class BenchSettings : GlobalSettings
{
    [CommandArgument(0, "<WHAT>")]
    [Description("train | infer")]
    public string What { get; init; } = "";

    [CommandOption("--network <NAME>")]
    [Description("Network to measure (default cnn-large).")]
    public string? Network { get; init; }

    [CommandOption("--data <PATH>")]
    [Description("Faces to use (default: random faces; throughput does not depend on pixel values).")]
    public string? Data { get; init; }

    [CommandOption("--images <N>")]
    [Description("Faces per training epoch (default 1280).")]
    public int? Images { get; init; }

    [CommandOption("--cluster")]
    [Description("infer: through the cluster (client → serving grain: fused, batched pass → merge) against the bare passes in this process.")]
    public bool Cluster { get; init; }

    [CommandOption("--campaign <ID>")]
    [Description("infer --cluster: the campaign whose ensemble to serve (default: the last one started here).")]
    public string? Campaign { get; init; }

    [CommandOption("--connect")]
    [Description("infer --cluster: connect to running silos instead of hosting one in this process.")]
    public bool Connect { get; init; }

    [CommandOption("--precision <FORMAT>")]
    [Description("infer --cluster: fp32 | bf16 | fp16 for the hosted silo and the bare fused pass (CUDA; the CPU keeps fp32); also scores served and fp32 answers on the campaign's validation faces.")]
    public string? Precision { get; init; }

    [CommandOption("--epochs <N>")]
    [Description("Timed epochs after one warm-up epoch (default 2).")]
    public int? Epochs { get; init; }
}
