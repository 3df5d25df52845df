using KeypointGrains.Client.Chaos;
using KeypointGrains.Client.Configuration;
using KeypointGrains.Client.Processes;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// kg bench chaos: a campaign trained on silo processes of this checkout (Azure Storage on an Azurite it starts), once
/// undisturbed and once with a silo killed every --kill-every seconds and restarted --restart-after seconds later, same
/// plan and seed; prints the comparison.
/// </summary>
public static class ChaosBench
{
    private const string Section = "bench";
    private static readonly string[] FastFailureDetection =
        ["--Cluster:FailureDetection:ProbeTimeout=00:00:02", "--Cluster:FailureDetection:NumMissedProbesLimit=2"];

    public static async Task<IReadOnlyList<(string Key, string Value)>> RunAsync(KgConfiguration config, BenchSettings settings,
        CancellationToken cancellation)
    {
        var data = config.Resolve(settings.Data, Section, "data") ?? throw new UsageException("kg bench chaos needs --data PATH (training.csv).");
        var preset = TrainingPresets.Resolve(config.Resolve(settings.Preset, Section, "preset", TrainingPresets.Quick));
        int silos = config.Resolve(settings.Silos, Section, "silos", 3);
        var schedule = new ChaosSchedule(TimeSpan.FromSeconds(config.Resolve(settings.KillEvery, Section, "killEvery", 20.0)),
            TimeSpan.FromSeconds(config.Resolve(settings.RestartAfter, Section, "restartAfter", 10.0)));
        if (silos < 2) throw new UsageException("kg bench chaos needs at least two silos: one must outlive each kill.");
        if (schedule.RestartAfter >= schedule.KillEvery) throw new UsageException("--restart-after must be shorter than --kill-every.");
        var overrides = new StudyOverrides { Seed = settings.Seed, Network = settings.Network, Epochs = settings.Epochs };
        CampaignPlan Plan(string id) => CampaignPlans.FromPreset(id, Path.GetFullPath(data), preset, overrides);

        var scratch = Directory.CreateTempSubdirectory("kg-chaos-");
        try
        {
            // The silos of a cluster share one storage, and a storage directory has one silo: Azure Storage it is.
            using var azurite = new AzuriteProcess(Checkout.Azurite(), Path.Combine(scratch.FullName, "azurite"));
            await azurite.StartAsync(TimeSpan.FromMinutes(1));
            using var cluster = ProcessCluster.Azure(Checkout.SiloHost(), azurite.ConnectionString, $"chaos-{Guid.NewGuid():N}", silos, FastFailureDetection);
            Console.Error.WriteLine($"starting {silos} silos (Azure Storage on an Azurite of its own)…");
            await cluster.StartAllAsync();
            var limit = TimeSpan.FromHours(6);
            var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss");
            var calm = await ChaosBenchmark.RunAsync(cluster, Plan($"chaos-calm-{stamp}"), null, limit, Console.Error.WriteLine, cancellation);
            var chaos = await ChaosBenchmark.RunAsync(cluster, Plan($"chaos-kill-{stamp}"), schedule, limit, Console.Error.WriteLine, cancellation);
            return
            [
                ("preset", preset.Name), ("silos", $"{silos}"),
                ("kill_every_seconds", $"{schedule.KillEvery.TotalSeconds}"), ("restart_after_seconds", $"{schedule.RestartAfter.TotalSeconds}"),
                .. ChaosBenchmark.Compare(calm, chaos),
            ];
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
