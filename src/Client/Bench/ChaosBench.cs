using KeypointGrains.Client.Commands;
using KeypointGrains.Client.Chaos;
using KeypointGrains.Client.Configuration;
using KeypointGrains.Client.Hosts;
using KeypointGrains.Client.Processes;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Keypoints.Training;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Bench;

/// <summary>
/// kg bench chaos: a campaign trained on silo processes of this checkout (Azure Storage on an Azurite it starts), once
/// undisturbed and once with a silo killed every --kill-every seconds and restarted --restart-after seconds later, same
/// plan and seed; prints the comparison. With --partition the silos run on --hosts network namespaces and the cut run
/// cuts the host training the most models from the other silos --cut-after seconds into the campaign, for --cut-for seconds.
/// </summary>
public sealed class ChaosBench : AsyncCommand<ChaosBenchSettings>
{
    private const string Section = "bench";

    public override async Task<int> ExecuteAsync(CommandContext context, ChaosBenchSettings settings, CancellationToken cancellation)
    {
        foreach (var (key, value) in await RunAsync(KgConfiguration.Load(settings.ConfigFile), settings, cancellation)) Console.WriteLine($"{key}={value}");
        return 0;
    }

    private static async Task<IReadOnlyList<(string Key, string Value)>> RunAsync(KgConfiguration config, ChaosBenchSettings settings,
        CancellationToken cancellation)
    {
        var data = config.Resolve(settings.Data, Section, "data") ?? throw new UsageException("kg bench chaos needs --data PATH (training.csv).");
        var preset = TrainingPresets.Resolve(config.Resolve(settings.Preset, Section, "preset", TrainingPresets.Quick));
        var overrides = new StudyOverrides { Seed = settings.Seed, Network = settings.Network, Epochs = settings.Epochs };
        CampaignPlan Plan(string id) => CampaignPlans.FromPreset(id, Path.GetFullPath(data), preset, overrides);
        if (settings.Partition) return await PartitionAsync(config, settings, preset, Plan, cancellation);
        int silos = config.Resolve(settings.Silos, Section, "silos", 3);
        var schedule = new ChaosSchedule(TimeSpan.FromSeconds(config.Resolve(settings.KillEvery, Section, "killEvery", 20.0)),
            TimeSpan.FromSeconds(config.Resolve(settings.RestartAfter, Section, "restartAfter", 10.0)));
        if (silos < 2) throw new UsageException("kg bench chaos needs at least two silos: one must outlive each kill.");
        if (schedule.RestartAfter >= schedule.KillEvery) throw new UsageException("--restart-after must be shorter than --kill-every.");

        return await InScratch("kg-chaos-", async scratch =>
        {
            // The silos of a cluster share one storage, and a storage directory has one silo: Azure Storage it is.
            using var azurite = new AzuriteProcess(Checkout.Azurite(), Path.Combine(scratch, "azurite"));
            await azurite.StartAsync(TimeSpan.FromMinutes(1));
            using var cluster = ProcessCluster.Azure(Checkout.SiloHost(), azurite.ConnectionString, $"chaos-{Guid.NewGuid():N}", silos, FastFailureDetection.Arguments);
            Console.Error.WriteLine($"starting {silos} silos (Azure Storage on an Azurite of its own)…");
            await cluster.StartAllAsync();
            var stamp = Stamp();
            var calm = await ChaosBenchmark.RunAsync(cluster, Plan($"chaos-calm-{stamp}"), null, Limit, Console.Error.WriteLine, cancellation);
            var chaos = await ChaosBenchmark.RunAsync(cluster, Plan($"chaos-kill-{stamp}"), schedule, Limit, Console.Error.WriteLine, cancellation);
            return
            [
                ("preset", preset.Name), ("silos", $"{silos}"),
                ("kill_every_seconds", $"{schedule.KillEvery.TotalSeconds}"), ("restart_after_seconds", $"{schedule.RestartAfter.TotalSeconds}"),
                .. ChaosBenchmark.Compare(calm, chaos),
            ];
        });
    }

    /// <summary>The same plan trained calm and with a host cut from its peers, on hosts in network namespaces (root only).</summary>
    private static async Task<IReadOnlyList<(string Key, string Value)>> PartitionAsync(KgConfiguration config, ChaosBenchSettings settings,
        TrainingPreset preset, Func<string, CampaignPlan> plan, CancellationToken cancellation)
    {
        if (NetworkHosts.Unavailable() is { } why) throw new InvalidOperationException($"kg bench chaos --partition: {why}.");
        int hosts = config.Resolve(settings.Hosts, Section, "hosts", 3);
        var cutAfter = TimeSpan.FromSeconds(config.Resolve(settings.CutAfter, Section, "cut-after", 20.0));
        var cutFor = TimeSpan.FromSeconds(config.Resolve(settings.CutFor, Section, "cut-for", 30.0));
        if (hosts is < 2 or > NetworkHosts.MaxHosts) throw new UsageException($"--hosts must be 2 to {NetworkHosts.MaxHosts}: one must go on training the cut host's models.");
        if (cutFor <= TimeSpan.Zero) throw new UsageException("--cut-for must be positive.");
        return await InScratch("kg-partition-", async scratch =>
        {
            Console.Error.WriteLine($"starting {hosts} hosts (network namespaces), Azurite on a storage host, a silo on each…");
            await using var cluster = await HostCluster.StartAsync(hosts, scratch, $"partition-{Guid.NewGuid():N}", FastFailureDetection.Arguments);
            var stamp = Stamp();
            var calm = await PartitionBenchmark.RunAsync(cluster, plan($"partition-calm-{stamp}"), null, _ => false, TimeSpan.Zero, Limit,
                Console.Error.WriteLine, cancellation);
            var cut = await PartitionBenchmark.RunAsync(cluster, plan($"partition-cut-{stamp}"), new LinkCut(HostLink.Peers), PartitionBenchmark.After(cutAfter),
                cutFor, Limit, Console.Error.WriteLine, cancellation);
            foreach (var line in cluster.Network.Events) Console.Error.WriteLine(line);
            return
            [
                ("preset", preset.Name), ("hosts", $"{hosts}"),
                ("cut_after_seconds", $"{cutAfter.TotalSeconds}"), ("cut_for_seconds", $"{cutFor.TotalSeconds}"),
                .. PartitionBenchmark.Compare(calm, cut),
            ];
        });
    }

    /// <summary>Runs <paramref name="work"/> with a scratch folder of its own (Azurite's data), removed afterwards.</summary>
    private static async Task<IReadOnlyList<(string Key, string Value)>> InScratch(string prefix,
        Func<string, Task<IReadOnlyList<(string Key, string Value)>>> work)
    {
        var scratch = Directory.CreateTempSubdirectory(prefix);
        try
        {
            return await work(scratch.FullName);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static readonly TimeSpan Limit = TimeSpan.FromHours(6);

    private static string Stamp() => DateTime.UtcNow.ToString("yyyyMMdd-HHmmss");
}
