using KeypointGrains.Client.Configuration;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Keypoints.Tuning;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// kg campaign (also spelled kg train --specialists): the seed's study (baseline + six specialists) as one campaign on
/// the cluster, with a live bar per model. The campaign belongs to the cluster: leaving kg (Ctrl+C) does not stop it on a
/// running cluster, and an embedded one resumes it from its checkpoints the next time it is asked about it.
/// </summary>
public sealed class CampaignCommand : AsyncCommand<CampaignSettings>
{
    private const string Section = "campaign";

    public override async Task<int> ExecuteAsync(CommandContext context, CampaignSettings settings, CancellationToken cancellation)
    {
        var config = KgConfiguration.Load(settings.ConfigFile);
        var campaignId = config.Resolve(settings.Campaign, Section, "campaign", $"study-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        var remote = config.Resolve(settings.Cluster, Section, "cluster", false);
        if (settings.RetryFailed && settings.Campaign is null)
            throw new UsageException("--retry-failed needs --campaign ID: the campaign whose failed models to train again.");
        // Planned (and its data checked) before a silo starts: a mistyped flag costs nothing, and no model fails for it.
        var planned = settings.RetryFailed ? null : Plan(config, settings, campaignId, remote);
        await using var cluster = await ClusterAccess.OpenAsync(config, remote, settings.Device, cancellation);
        var campaigns = cluster.Campaigns();

        CampaignStatus status;
        CampaignPlan plan;
        if (planned is null)
        {
            plan = await campaigns.GetPlan(campaignId);
            status = await campaigns.RetryFailed(campaignId);
            AnsiConsole.MarkupLineInterpolated($"Campaign [bold]{campaignId}[/]: training its failed models again.");
        }
        else
        {
            plan = planned;
            status = await campaigns.StartCampaign(plan);
            AnsiConsole.MarkupLineInterpolated($"Campaign [bold]{campaignId}[/]: {plan.Models.Count} models.");
        }
        ClusterAccess.RememberCampaign(campaignId);
        CampaignPrinter.PrintRecipes(plan);

        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var bars = plan.Models.ToDictionary(m => m.Name, m => progress.AddTask(m.Name, maxValue: m.Recipe.MaxEpochs));
                try
                {
                    await foreach (var update in campaigns.WatchStatus(campaignId, TimeSpan.FromSeconds(1), cancellation))
                    {
                        status = update;
                        foreach (var model in update.Models) Show(bars[model.Model], model);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });

        CampaignPrinter.Print(status);
        if (cancellation.IsCancellationRequested)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]Left the campaign running[/]; follow it with: kg status {campaignId}");
            return 0;
        }
        var failed = status.Models.Where(m => m.Phase.HasFailed()).ToArray();
        if (failed.Length > 0)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"[red]{failed.Count(m => m.Phase == ModelPhase.Failed)} of {status.Models.Count} models failed and {failed.Count(m => m.Phase == ModelPhase.Skipped)} were skipped[/] (ensemble version {status.ManifestVersion}). Fix the cause, then: kg campaign --campaign {campaignId} --retry-failed");
            return 1;
        }
        AnsiConsole.MarkupLineInterpolated(
            $"Ensemble version {status.ManifestVersion}. Predict with: kg submit --campaign {campaignId} --test test.csv --lookup IdLookupTable.csv");
        return 0;
    }

    /// <param name="remote">The silos run elsewhere (--cluster): the data path is theirs to read, not checked here.</param>
    private static CampaignPlan Plan(KgConfiguration config, CampaignSettings settings, string campaignId, bool remote)
    {
        var data = TrainingDataOption.Resolve(config, settings.Data, Section, mustExist: !remote);
        var presetFile = config.Resolve(settings.PresetFile, Section, "preset-file");
        if (presetFile is not null && settings.Preset is not null)
            throw new UsageException("Give --preset or --preset-file, not both: the file names its own preset.");
        var preset = presetFile is not null
            ? PresetFile.Read(presetFile).Resolve()
            : TrainingPresets.Resolve(config.Resolve(settings.Preset, Section, "preset", TrainingPresets.Quick));
        var network = config.Resolve(settings.Network, Section, "network");
        var overrides = new StudyOverrides
        {
            Network = network is null ? null : NetworkOption.Check(network, meanAllowed: false),
            Epochs = config.Resolve(settings.Epochs, Section, "epochs"),
            SpecialistEpochs = config.Resolve(settings.SpecialistEpochs, Section, "specialist-epochs"),
            Patience = config.Resolve(settings.Patience, Section, "patience"),
            BatchSize = config.Resolve(settings.BatchSize, Section, "batch"),
            Seed = config.Resolve(settings.Seed, Section, "seed"),
            Augmentations = AugmentationOption.Parse(config.Resolve(settings.Augment, Section, "augment")).Names,
            Folds = config.Resolve(settings.Folds, Section, "folds", 1),
        };
        if (overrides.Folds < 1) throw new UsageException($"--folds must be 1 or more, not {overrides.Folds}.");
        return CampaignPlans.FromPreset(campaignId, Path.GetFullPath(data), preset, overrides);
    }

    private static void Show(ProgressTask bar, ModelStatus model)
    {
        bar.Value = model.Epoch;
        bar.Description = model.WaitsFor is { } source
            ? FormattableString.Invariant($"{model.Model,-22} {model.Phase,-13} waits for {source}")
            : FormattableString.Invariant(
                $"{model.Model,-22} {model.Phase,-13} ep {model.Epoch,4}  {(model.Epoch == 0 ? "no epoch yet" : $"val RMSE {model.ValidationRmsePixels,6:F2} px  {model.ImagesPerSecond,5:F0} img/s"),-32}  {model.Device}");
        if (model.Phase.HasEnded())
        {
            bar.Value = bar.MaxValue;
            bar.StopTask();
        }
    }
}
