using KeypointGrains.Client.Configuration;
using KeypointGrains.Hosting.Process;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Performance;

namespace KeypointGrains.Client.Bench;

/// <summary>kg bench train: a network's training throughput in this process (images/s, GFLOP/s), progress on stderr.</summary>
public sealed class TrainBench : FacesBench<TrainBenchSettings>
{
    protected override Task<BenchmarkFigures> MeasureAsync(KgConfiguration config, TrainBenchSettings settings, FaceSet faces,
        CancellationToken cancellation) =>
        Task.FromResult(WithMemoryTuning(ModelBenchmark.Run(config.Resolve(settings.Network, "bench", "network", "cnn-large"), faces,
            config.Resolve(settings.Epochs, "bench", "epochs", 2), config.Resolve(settings.Device, "bench", "device", "auto"),
            line => Console.Error.WriteLine(line))));

    /// <summary>The figures with how this process's malloc was tuned at start-up: speed on the CPU depends on it.</summary>
    internal static BenchmarkFigures WithMemoryTuning(BenchmarkFigures figures)
    {
        figures.Add("huge_pages", NativeMemoryTuning.HugePagesRequested ? "on" : "off");
        figures.Add("malloc_tuned", NativeMemoryTuning.Applied ? "on" : "off");
        return figures;
    }
}
