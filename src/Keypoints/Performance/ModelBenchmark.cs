using System.Diagnostics;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Specs;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Performance;

/// <summary>
/// Training and inference throughput of one network through the same trainer and model code that kg train uses,
/// next to the machine's dense matmul rate, so the figures say how close to the hardware we run.
/// </summary>
public static class ModelBenchmark
{
    /// <summary>One warm-up epoch, then <paramref name="epochs"/> timed ones (none: inference figures only).</summary>
    public static BenchmarkFigures Run(string model, FaceSet faces, int epochs, string device, Action<string>? progress = null)
    {
        var figures = new BenchmarkFigures();
        var recipe = new TrainingRecipe { Network = model, MaxEpochs = epochs + 1 };
        using var trainer = new KeypointTrainer(recipe, faces, faces.Select([0]), new TrainerSetup { Device = device });
        var rates = new List<double>();
        new ModelRun(trainer).Run(new EpochProgress(report =>
        {
            if (report.Epoch > 1) rates.Add(report.ImagesPerSecond);
            progress?.Invoke($"{(report.Epoch == 1 ? "warm-up epoch" : $"epoch {report.Epoch}")}: {report.ImagesPerSecond:F0} img/s");
        }));
        using var network = NetworkRegistry.Create(model, faces.Columns.Count);
        figures.Add("model", model);
        figures.Add("device", device);
        figures.Add("threads", get_num_threads());
        figures.Add("batch", recipe.BatchSize);
        if (rates.Count > 0)
        {
            double imagesPerSecond = rates.Average();
            double matmul = MatmulGflops();
            double trainGflops = imagesPerSecond * FlopCounter.TrainingFlopsPerImage(network) / 1e9;
            figures.Add("train_images", faces.Count);
            figures.Add("train_img_per_s", imagesPerSecond);
            figures.Add("train_gflops", trainGflops);
            figures.Add("matmul_gflops", matmul);
            figures.Add("train_fraction_of_matmul", trainGflops / matmul);
        }
        using var trained = trainer.ExportBest();
        var inference = Infer(trained, faces);
        foreach (var f in inference.Figures.All) figures.Add(f.Key, f.Value);
        figures.Add("infer_gflops", inference.ImagesPerSecond * FlopCounter.ForwardFlopsPerImage(network) / 1e9);
        return figures;
    }

    public static (BenchmarkFigures Figures, double ImagesPerSecond) Infer(Evaluation.TrainedModel model, FaceSet faces, int singleCalls = 300)
    {
        var figures = new BenchmarkFigures();
        const int batch = 256;
        var batchCount = Math.Min(batch, faces.Count);
        var batchPixels = faces.Pixels.AsSpan(0, batchCount * KeypointSchema.PixelCount).ToArray();
        model.Predict(batchPixels, batchCount);
        var watch = Stopwatch.StartNew();
        int images = 0;
        while (watch.Elapsed.TotalSeconds < 3)
        {
            model.Predict(batchPixels, batchCount);
            images += batchCount;
        }
        double imagesPerSecond = images / watch.Elapsed.TotalSeconds;
        figures.Add("infer_img_per_s", imagesPerSecond);

        var one = faces.Pixels.AsSpan(0, KeypointSchema.PixelCount).ToArray();
        for (int i = 0; i < 20; i++) model.Predict(one, 1);
        var latencies = new List<double>(singleCalls);
        for (int i = 0; i < singleCalls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            model.Predict(one, 1);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        figures.Add("infer_b1_p50_ms", LatencyPercentiles.Of(latencies, 0.50));
        figures.Add("infer_b1_p99_ms", LatencyPercentiles.Of(latencies, 0.99));
        return (figures, imagesPerSecond);
    }

    /// <summary>The float32 rate of a 2048x2048 matmul in this process: the ceiling for dense layers here.</summary>
    public static double MatmulGflops(int size = 2048, int repeats = 8)
    {
        using var scope = NewDisposeScope();
        var a = rand(size, size);
        var b = rand(size, size);
        matmul(a, b).Dispose();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < repeats; i++) matmul(a, b).Dispose();
        return repeats * 2.0 * size * size * size / watch.Elapsed.TotalSeconds / 1e9;
    }
}
