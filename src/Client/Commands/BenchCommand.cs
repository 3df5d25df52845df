using KeypointGrains.Client.Commands;
using KeypointGrains.Client.Configuration;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Hosting.Process;
using KeypointGrains.Hosting.Storage;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Performance;
using KeypointGrains.Keypoints.Schema;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

/// <summary>kg bench train|infer|load|serve|chaos: throughput and latency, or what silo kills cost, as key=value lines (progress goes to stderr).</summary>
public sealed class BenchCommand : AsyncCommand<BenchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BenchSettings settings, CancellationToken cancellation)
    {
        var config = KgConfiguration.Load(settings.ConfigFile);
        if (settings.What == "photos")
        {
            Console.WriteLine(await PhotoBench.RunAsync(config, settings, cancellation));
            return 0;
        }
        if (settings.What == "chaos")
        {
            foreach (var (key, value) in await ChaosBench.RunAsync(config, settings, cancellation)) Console.WriteLine($"{key}={value}");
            return 0;
        }
        if (settings.What == "tune")
        {
            Console.WriteLine(TuneBench.Run(config, settings, cancellation));
            return 0;
        }
        var model = config.Resolve(settings.Network, "bench", "network", "cnn-large");
        var device = config.Resolve(settings.Device, "bench", "device", "auto");
        var images = config.Resolve(settings.Images, "bench", "images", 1280);
        var epochs = config.Resolve(settings.Epochs, "bench", "epochs", 2);
        var data = config.Resolve(settings.Data, "bench", "data");
        var faces = data is null ? RandomFaces(images, seed: 1) : FirstFaces(KaggleCsvReader.ReadTraining(data), images);
        Console.WriteLine($"data={(data is null ? "synthetic" : Path.GetFileName(data))}");
        if (settings.What == "serve")
        {
            Console.WriteLine(await ServeBench.RunAsync(config, settings, faces, cancellation));
            return 0;
        }
        if (settings.What == "load")
        {
            Console.WriteLine(await LoadBenchCommand.RunAsync(config, settings, faces, cancellation));
            return 0;
        }
        if (settings.Cluster)
        {
            if (settings.What != "infer") throw new UsageException("--cluster measures inference: kg bench infer --cluster.");
            Console.WriteLine(await ClusterBenchmarkAsync(config, settings, faces, device, cancellation));
            return 0;
        }
        var figures = settings.What switch
        {
            "train" => ModelBenchmark.Run(model, faces, epochs, device, line => Console.Error.WriteLine(line)),
            "infer" => ModelBenchmark.Run(model, faces, epochs: 0, device, line => Console.Error.WriteLine(line)),
            _ => throw new UsageException($"kg bench takes 'train', 'infer', 'load', 'serve', 'chaos', 'photos' or 'tune', not '{settings.What}'."),
        };
        // How this process's malloc was tuned at start-up: training speed on the CPU depends on it.
        figures.Add("huge_pages", NativeMemoryTuning.HugePagesRequested ? "on" : "off");
        figures.Add("malloc_tuned", NativeMemoryTuning.Applied ? "on" : "off");
        Console.WriteLine(figures);
        return 0;
    }

    private static async Task<BenchmarkFigures> ClusterBenchmarkAsync(KgConfiguration config, BenchSettings settings, FaceSet faces,
        string device, CancellationToken cancellation)
    {
        var campaignId = ClusterAccess.CampaignOrLast(settings.Campaign);
        var precision = config.Resolve(settings.Precision, "bench", "precision");
        var clusterSettings = ClusterSettings.From(config.Settings);
        await using var cluster = await ClusterAccess.OpenAsync(config, settings.Connect, settings.Device, cancellation,
            hosted => hosted.Serving.Precision = precision ?? hosted.Serving.Precision);
        var campaigns = cluster.Campaigns();
        var manifest = await campaigns.GetManifest(campaignId);
        // Scoring served against fp32 answers is what a precision is chosen by: only when one is named.
        var validation = precision is null ? null : await HeldOutFacesAsync(campaigns, manifest, settings.Data);
        return await ClusterInferenceBenchmark.RunAsync(cluster.Client, manifest, CheckpointStores.Create(clusterSettings),
            EnsemblePredictor.ToBatch(faces), new InferenceBenchmarkOptions
            {
                Device = device,
                Precision = precision ?? clusterSettings.Serving.Precision,
                FacesPerPass = clusterSettings.Serving.MaxBatchFaces,
            }, validation);
    }

    /// <summary>The complete faces of the campaign's split that none of the members scored on them trained on (every fold's).</summary>
    private static async Task<IReadOnlyList<(EnsembleManifest Members, FaceSet Faces)>> HeldOutFacesAsync(CampaignClient campaigns,
        EnsembleManifest manifest, string? data)
    {
        var plan = await campaigns.GetPlan(manifest.CampaignId);
        return HeldOutFaces.Of(plan, manifest, KaggleCsvReader.ReadTraining(data ?? plan.DataPath));
    }

    private static FaceSet FirstFaces(FaceSet faces, int count)
    {
        var complete = faces.Labelled(Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray());
        return complete.Select(Enumerable.Range(0, Math.Min(count, complete.Count)).ToArray());
    }

    private static FaceSet RandomFaces(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[count * KeypointSchema.PixelCount];
        var targets = new float[count * KeypointSchema.ColumnCount];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = random.NextSingle();
        for (int i = 0; i < targets.Length; i++) targets[i] = 20 + 56 * random.NextSingle();
        return new FaceSet(pixels, targets, Enumerable.Range(1, count).ToArray(), Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray());
    }
}
