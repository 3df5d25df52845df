using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Bench;

public sealed class InferBenchSettings : BenchFacesSettings
{
    [CommandOption("--network <NAME>")]
    [Description("Network to measure in this process (default cnn-large).")]
    public string? Network { get; init; }

    [CommandOption("--cluster")]
    [Description("Through the cluster (client → serving grain: fused, batched pass → merge) against the bare passes in this process.")]
    public bool Cluster { get; init; }

    [CommandOption("--campaign <ID>")]
    [Description("--cluster: the campaign whose ensemble to serve (default: the last one started here).")]
    public string? Campaign { get; init; }

    [CommandOption("--connect")]
    [Description("--cluster: connect to running silos instead of hosting one in this process.")]
    public bool Connect { get; init; }

    [CommandOption("--precision <FORMAT>")]
    [Description("--cluster: fp32 | bf16 | fp16 for the hosted silo and the bare fused pass (CUDA; the CPU keeps fp32); also scores served and fp32 answers on the campaign's validation faces.")]
    public string? Precision { get; init; }
}
