using KeypointGrains.Client.Commands;
using KeypointGrains.Client.Configuration;
using KeypointGrains.Client.Load;
using KeypointGrains.Client.Processes;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Hosting.Storage;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Performance;
using KeypointGrains.Keypoints.Training;
using TorchSharp;
using Spectre.Console;

namespace KeypointGrains.Client.Bench;

/// <summary>
/// kg bench load: starts a cluster of silo processes on loopback (or, with --connect, uses the running one), sends a
/// campaign's ensemble requests from many clients at once and checks every answer; --kill-silo-after kills a silo
/// mid-run.
/// </summary>
public sealed class LoadBench : FacesBench<LoadBenchSettings>
{
    private const int DistinctRequests = 16;

    protected override async Task<BenchmarkFigures> MeasureAsync(KgConfiguration config, LoadBenchSettings settings, FaceSet faces, CancellationToken cancellation)
    {
        var campaignId = ClusterAccess.CampaignOrLast(settings.Campaign);
        var clusterSettings = ClusterSettings.From(config.Settings);
        if (settings.Device is not null) clusterSettings.Device = settings.Device;
        var killAfter = config.Resolve(settings.KillSiloAfter, "bench", "killSiloAfter");
        var options = new LoadOptions
        {
            Clients = config.Resolve(settings.Clients, "bench", "clients", 64),
            Duration = TimeSpan.FromSeconds(config.Resolve(settings.Seconds, "bench", "seconds", 30.0)),
            FacesPerRequest = config.Resolve(settings.FacesPerRequest, "bench", "facesPerRequest", 1),
            KillSiloAfter = killAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            TolerancePixels = config.Resolve(settings.TolerancePixels, "bench", "tolerancePx", 1e-4),
            Gpu = ComputeDevice.Resolve(clusterSettings.Device).type == DeviceType.CUDA,
        };
        if (options.Clients < 1 || options.Duration <= TimeSpan.Zero || options.FacesPerRequest < 1)
            throw new UsageException("kg bench load needs --clients >= 1, --seconds > 0 and --faces-per-request >= 1.");
        if (options.KillSiloAfter is not null && settings.Connect)
            throw new UsageException("--kill-silo-after kills a silo this command started: drop --connect.");
        var requests = Requests(faces, options.FacesPerRequest);
        var checkpoints = CheckpointStores.Create(clusterSettings);

        EnsembleManifest manifest;
        await using (var cluster = await ClusterAccess.OpenAsync(config, settings.Connect, settings.Device, cancellation))
        {
            manifest = await cluster.Campaigns().GetManifest(campaignId);
            if (settings.Connect)
                return await LoadBenchmark.RunAsync(cluster.Client, manifest, requests,
                    await ExpectedAnswers.ComputeAsync(checkpoints, manifest, requests, clusterSettings.Device), options, killSilo: null, cancellation);
        }

        var expected = await ExpectedAnswers.ComputeAsync(checkpoints, manifest, requests, clusterSettings.Device);
        var host = config.Resolve(settings.SiloHost, "bench", "siloHost") ?? Checkout.SiloHost();
        int count = config.Resolve(settings.Silos, "bench", "silos", 2);
        if (count < 1 || (options.KillSiloAfter is not null && count < 2))
            throw new UsageException("kg bench load needs --silos >= 1, and >= 2 to kill one.");
        AnsiConsole.MarkupLineInterpolated($"Starting {count} silos on loopback…");
        using var silos = await LocalSilos.StartAsync(host, clusterSettings, count, TimeSpan.FromMinutes(2));
        await using var client = await ClusterConnection.ConnectAsync(silos.ClientSettings(clusterSettings), cancellation);
        var figures = await LoadBenchmark.RunAsync(client.Client, manifest, requests, expected, options, silos.KillOne, cancellation);
        figures.Add("silos", count);
        return figures;
    }

    /// <summary>Requests of <paramref name="facesPerRequest"/> faces each, taken in turn from the faces given.</summary>
    private static IReadOnlyList<FaceBatch> Requests(FaceSet faces, int facesPerRequest) =>
        Enumerable.Range(0, DistinctRequests)
            .Select(r => EnsemblePredictor.ToBatch(faces.Select(
                Enumerable.Range(r * facesPerRequest, facesPerRequest).Select(i => i % faces.Count).ToArray())))
            .ToArray();
}
