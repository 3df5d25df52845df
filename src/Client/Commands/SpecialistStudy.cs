using KeypointGrains.Client.Configuration;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Training;
using Spectre.Console;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// kg train --specialists: the seed's study (baseline + six specialists) as one campaign on the cluster, with a live
/// bar per model. The campaign belongs to the cluster: leaving kg (Ctrl+C) does not stop it on a running cluster, and
/// an embedded one resumes it from its checkpoints the next time it is asked about it.
/// </summary>
public static class SpecialistStudy
{
    public static async Task<int> RunAsync(KgConfiguration config, TrainSettings settings, string data, CancellationToken cancellation)
    {
        var presetName = config.Resolve(settings.Preset, "train", "preset", TrainingPresets.Seed);
        var preset = TrainingPresets.Resolve(presetName, settings.Model ?? config.Resolve(null, "train", "model"));
        var augmentations = AugmentationOption.Parse(config.Resolve(settings.Augment, "train", "augment"));
        var training = new TrainingSettings
        {
            Preset = preset.Name,
            Network = preset.Options.Model,
            MaxEpochs = config.Resolve(settings.Epochs, "train", "epochs", preset.Options.MaxEpochs),
            Patience = config.Resolve(settings.Patience, "train", "patience", preset.Options.Patience),
            BatchSize = config.Resolve(settings.BatchSize, "train", "batch", preset.Options.BatchSize),
            LearningRateStart = preset.Options.LearningRateStart,
            LearningRateEnd = preset.Options.LearningRateEnd,
            MomentumStart = preset.Options.MomentumStart,
            MomentumEnd = preset.Options.MomentumEnd,
            Seed = config.Resolve(settings.Seed, "train", "seed", preset.Options.Seed),
            SpecialistMaxEpochs = config.Resolve(settings.SpecialistEpochs, "train", "specialist-epochs",
                preset.SpecialistOptions.MaxEpochs == preset.Options.MaxEpochs ? 0 : preset.SpecialistOptions.MaxEpochs),
            MaxRows = preset.MaxTrainingFaces,
            Augment = augmentations.Names.Count == 0 ? null : augmentations.ToString(),
        };
        var campaignId = config.Resolve(settings.Campaign, "train", "campaign", $"study-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        var plan = CampaignPlans.SeedStudy(campaignId, Path.GetFullPath(data), training, preset.SpecialistsFromBaseline);

        await using var cluster = await ClusterAccess.OpenAsync(config, config.Resolve(settings.Cluster, "train", "cluster", false), cancellation);
        var campaigns = cluster.Campaigns();
        var status = await campaigns.StartCampaign(plan);
        ClusterAccess.RememberCampaign(campaignId);
        AnsiConsole.MarkupLineInterpolated(
            $"Campaign [bold]{campaignId}[/]: preset {preset.Name}, {training.Network}, up to {training.MaxEpochs} epochs{SpecialistEpochs(plan)}, patience {training.Patience}, {plan.Models.Count} models, augmentations {augmentations}.");
        if (preset.SpecialistsFromBaseline)
            AnsiConsole.MarkupLine("The specialists wait for the baseline and start from its best weights.");

        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var bars = plan.Models.ToDictionary(m => m.Name, m => progress.AddTask(m.Name, maxValue: training.MaxEpochsOf(m)));
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
            AnsiConsole.MarkupLineInterpolated($"[yellow]Left the campaign running[/]; follow it with: kg status {campaignId}");
        else
            AnsiConsole.MarkupLineInterpolated(
                $"Ensemble version {status.ManifestVersion}. Predict with: kg submit --campaign {campaignId} --test test.csv --lookup IdLookupTable.csv");
        return status.Models.Any(m => m.Phase == ModelPhase.Failed) ? 1 : 0;
    }

    private static string SpecialistEpochs(CampaignPlan plan) =>
        plan.Models.FirstOrDefault(m => !m.IsBaseline) is { } specialist && plan.Training.MaxEpochsOf(specialist) is var epochs &&
        epochs != plan.Training.MaxEpochs
            ? $" ({epochs} for specialists)"
            : "";

    private static void Show(ProgressTask bar, ModelStatus model)
    {
        bar.Value = model.Epoch;
        bar.Description = model.WaitsFor is { } source
            ? FormattableString.Invariant($"{model.Model,-22} {model.Phase,-13} waits for {source}")
            : FormattableString.Invariant(
                $"{model.Model,-22} {model.Phase,-13} ep {model.Epoch,4}  val RMSE {model.ValidationRmsePixels,6:F2} px  {model.ImagesPerSecond,5:F0} img/s  {model.Device}");
        if (model.Phase is ModelPhase.EarlyStopped or ModelPhase.Finished or ModelPhase.Failed)
        {
            bar.Value = bar.MaxValue;
            bar.StopTask();
        }
    }
}
