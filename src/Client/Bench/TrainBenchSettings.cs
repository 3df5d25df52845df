using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Bench;

public sealed class TrainBenchSettings : BenchFacesSettings
{
    [CommandOption("--network <NAME>")]
    [Description("Network to measure (default cnn-large).")]
    public string? Network { get; init; }

    [CommandOption("--epochs <N>")]
    [Description("Timed epochs after one warm-up epoch (default 2).")]
    public int? Epochs { get; init; }
}
