using System.Runtime.InteropServices;
using KeypointGrains.Client.Configuration;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Silo.Web;
using KeypointGrains.Silo.Web.Inference;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// kg serve: the front door (the Open Inference Protocol over REST and gRPC) in front of the embedded silo or, with
/// --cluster, the running cluster. It loads the campaign's ensemble, prints http=http://HOST:P and grpc=HOST:Q once
/// ready, and serves until Ctrl+C or SIGTERM, then lets in-flight requests finish.
/// </summary>
public sealed class ServeCommand : AsyncCommand<ServeSettings>
{
    public const int DefaultPort = 8000, DefaultGrpcPort = 8001;

    public override async Task<int> ExecuteAsync(CommandContext context, ServeSettings settings, CancellationToken cancellation)
    {
        var config = KgConfiguration.Load(settings.ConfigFile);
        var campaignId = ClusterAccess.CampaignOrLast(settings.Campaign);
        var access = Access(config, settings);
        var limits = ClusterSettings.From(config.Settings).FrontDoor;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        // SIGTERM (docker stop, Kubernetes) stops as Ctrl+C does: drained, not killed.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        await using var cluster = await ClusterAccess.OpenAsync(config, config.Resolve(settings.Cluster, "serve", "cluster", false),
            settings.Device, stop.Token);
        var manifest = await LoadAsync(cluster, campaignId);

        await using var app = FrontDoorHost.Build(cluster.Client, limits, access);
        await app.StartAsync(stop.Token);
        var served = app.Services.GetRequiredService<ServedModels>();
        served.Accepting = true;
        var listeners = app.Services.GetRequiredService<FrontDoorListeners>();
        AnsiConsole.MarkupLineInterpolated(
            $"Serving campaign {campaignId} (ensemble version {manifest.Version}, {manifest.Members.Count} members); Ctrl+C stops.");
        // Scripts and tests wait for these lines.
        foreach (var url in listeners.HttpUrls) Console.WriteLine($"http={url}");
        foreach (var address in listeners.GrpcAddresses) Console.WriteLine($"grpc={address}");
        if (listeners.HttpUrls.Count > 0)
            AnsiConsole.MarkupLineInterpolated($"Try a photo: {listeners.HttpUrls[0]}{PhotoPage.Path}?campaign={campaignId}");

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        served.Accepting = false;
        AnsiConsole.WriteLine("Stopping: finishing the requests in flight…");
        await app.StopAsync(CancellationToken.None);
        AnsiConsole.WriteLine("Stopped.");
        return 0;
    }

    /// <summary>The campaign's newest ensemble, loaded on a silo by one blank face (its first request pays no load).</summary>
    private static async Task<EnsembleManifest> LoadAsync(ClusterConnection cluster, string campaignId)
    {
        var campaigns = cluster.Campaigns();
        var manifest = await campaigns.GetManifest(campaignId);
        await campaigns.PredictAsync(manifest, new FaceBatch(new byte[FaceBatch.BytesPerFace]));
        return manifest;
    }

    /// <summary>--port and --grpc-port on loopback, else Web:Urls and Web:GrpcUrls, else 8000 and 8001 on loopback.</summary>
    private static WebAccess Access(KgConfiguration config, ServeSettings settings)
    {
        var configured = WebAccess.From(config.Settings);
        string Loopback(int port) => $"http://127.0.0.1:{port}";
        var access = configured with
        {
            Urls = settings.Port is { } port ? Loopback(port) : config.Settings[WebAccess.UrlsKey] is { Length: > 0 } urls ? urls : Loopback(DefaultPort),
            GrpcUrls = settings.GrpcPort is { } grpc ? Loopback(grpc)
                : config.Settings[WebAccess.GrpcUrlsKey] is { Length: > 0 } grpcUrls ? grpcUrls : Loopback(DefaultGrpcPort),
        };
        access.EnsureSafe();
        return access;
    }
}
