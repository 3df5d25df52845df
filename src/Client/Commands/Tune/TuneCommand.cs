using System.Globalization;
using KeypointGrains.Client.Configuration;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Keypoints.Tuning;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// kg tune: a recipe search as a campaign on the cluster. Every trial is a whole-face model whose recipe is the preset's
/// with the trial's values (drawn from the search space, seeded), trained by a training grain on any silo with an
/// accelerator; the coordinator stops losing trials at rungs by successive halving (beside their patience), and its
/// state and the trials' checkpoints carry the search over a restarted cluster or a killed silo. A live leaderboard;
/// at the end the best trial that trained its whole budget is written as a preset file for kg campaign --preset-file.
/// </summary>
public sealed class TuneCommand : AsyncCommand<TuneSettings>
{
    private const string Section = "tune";

    public override async Task<int> ExecuteAsync(CommandContext context, TuneSettings settings, CancellationToken cancellation)
    {
        var config = KgConfiguration.Load(settings.ConfigFile);
        var campaignId = config.Resolve(settings.Campaign, Section, "campaign", $"tune-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        var remote = config.Resolve(settings.Cluster, Section, "cluster", false);
        var data = TrainingDataOption.Resolve(config, settings.Data, Section, mustExist: !remote);
        var presetOut = config.Resolve(settings.PresetOut, Section, "preset-out", Path.Combine("runs", $"{campaignId}-best.json"));
        var search = Plan(config, settings, campaignId, Path.GetFullPath(data));

        await using var cluster = await ClusterAccess.OpenAsync(config, remote, settings.Device, cancellation);
        var campaigns = cluster.Campaigns();
        await campaigns.StartCampaign(search.Plan);
        ClusterAccess.RememberCampaign(campaignId);
        AnsiConsole.MarkupLineInterpolated(
            $"Search [bold]{campaignId}[/]: {search.Trials.Count} trials of {search.Network} over {search.Space}, up to {search.Budget.MaxEpochs} epochs; rungs at {string.Join(", ", search.Rungs)} epochs keep the best 1/{search.Plan.Halving!.Reduction}.");

        var status = await campaigns.GetStatus(campaignId);
        await AnsiConsole.Live(CampaignPrinter.Table(status, search.Plan)).StartAsync(async live =>
        {
            try
            {
                await foreach (var update in campaigns.WatchStatus(campaignId, TimeSpan.FromSeconds(1), cancellation))
                {
                    status = update;
                    live.UpdateTarget(CampaignPrinter.Table(update, search.Plan));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        if (cancellation.IsCancellationRequested)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]Left the search running[/]; follow it with: kg status {campaignId}");
            return 0;
        }

        var best = search.Best(status, await campaigns.GetHistory(campaignId));
        int epochs = status.Models.Sum(m => m.Epoch);
        int budget = search.Trials.Count * search.Budget.MaxEpochs;
        AnsiConsole.MarkupLineInterpolated($"{epochs} epochs trained of the {budget} that every trial's full budget would take ({100.0 * epochs / budget:F0} %).");
        if (best is not { } winner)
        {
            AnsiConsole.MarkupLine("[red]No trial trained its whole budget[/]: no recipe to write.");
            return 1;
        }
        var trial = search.Trials[winner.Model];
        PresetFile.Of(trial, search.Preset, search.Network, search.Budget.MaxEpochs, string.Create(CultureInfo.InvariantCulture,
            $"kg tune {campaignId}: {winner.Model} of {search.Trials.Count} (seed {search.Budget.Seed}), best validation RMSE {winner.Rmse:F3} px")).Write(presetOut);
        AnsiConsole.MarkupLineInterpolated(
            $"Best: [bold]{winner.Model}[/] ({trial}), {winner.Rmse:F3} px. Its recipe: {presetOut}; train the study with it: kg campaign --preset-file {presetOut} --data {data}");
        return 0;
    }

    /// <summary>The search the settings ask for (their defaults where none is given).</summary>
    private static TuneSearch Plan(KgConfiguration config, TuneSettings settings, string campaignId, string data)
    {
        var presetName = config.Resolve(settings.Preset, Section, "preset", TrainingPresets.Quick);
        var network = NetworkOption.Check(config.Resolve(settings.Network, Section, "network", "cnn-small"), meanAllowed: false);
        var seed = config.Resolve(settings.Seed, Section, "seed", 42);
        var count = config.Resolve(settings.Trials, Section, "trials", 16);
        var (minEpochs, maxEpochs) = (config.Resolve(settings.MinEpochs, Section, "min-epochs", 1), config.Resolve(settings.MaxEpochs, Section, "max-epochs", 9));
        var reduction = config.Resolve(settings.Reduction, Section, "reduction", 3);
        var images = config.Resolve(settings.Images, Section, "images", 1000);
        var parallel = config.Resolve(settings.Parallel, Section, "parallel", 0);
        if (count < 1 || minEpochs < 1 || maxEpochs < minEpochs || reduction < 2 || images < 0 || parallel < 0)
            throw new UsageException("kg tune needs --trials ≥ 1, 1 ≤ --min-epochs ≤ --max-epochs, --reduction ≥ 2, --images ≥ 0 and --parallel ≥ 0.");
        return TuneSearch.Of(campaignId, data, presetName, network, SearchSpaceOption.From(settings.Space, settings.SpaceFile),
            new TuneBudget(count, seed, minEpochs, maxEpochs, reduction, images, parallel));
    }
}
