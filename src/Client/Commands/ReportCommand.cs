using KeypointGrains.Client.Configuration;
using KeypointGrains.Cluster.Hosting;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Reporting;
using KeypointGrains.Keypoints.Schema;
using Spectre.Console;
using Spectre.Console.Cli;
using DomainEpochReport = KeypointGrains.Keypoints.Training.EpochReport;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// kg report: a self-contained report.html of a campaign: learning curves, the models and specialists tables, the worst
/// and best keypoints and images of the baseline on its validation faces, and its first layer.
/// </summary>
public sealed class ReportCommand : AsyncCommand<ReportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReportSettings settings, CancellationToken cancellation)
    {
        var config = KgConfiguration.Load(settings.ConfigFile);
        var campaignId = ClusterAccess.CampaignOrLast(settings.Campaign);
        var data = config.Resolve(settings.Data, "report", "data")
            ?? throw new UsageException("--data is required: the campaign's training.csv (row counts and face pictures).");
        var output = config.Resolve(settings.Out, "report", "out", Path.Combine("runs", $"report-{campaignId}"));

        await using var cluster = await ClusterAccess.OpenAsync(config, config.Resolve(settings.Cluster, "report", "cluster", false), cancellation);
        var campaigns = cluster.Campaigns();
        var status = await campaigns.GetStatus(campaignId);
        var histories = (await campaigns.GetHistory(campaignId)).ToDictionary(h => h.Model);
        var manifest = await campaigns.GetManifest(campaignId);
        var faces = KaggleCsvReader.ReadTraining(data);

        var models = new List<ModelResult>();
        int specialistNumber = 0;
        foreach (var member in manifest.Members)
        {
            if (!histories.TryGetValue(member.Model, out var history) || history.Epochs.Count == 0) continue;
            bool baseline = member.Model == ModelPlan.BaselineName;
            models.Add(ModelResult.FromHistory(member.Model, baseline ? ModelKind.Model : ModelKind.Specialist,
                baseline ? null : ++specialistNumber, member.Columns, faces.Labelled(member.Columns).Count,
                NetworkRegistry.Names.Contains(member.Network) ? NetworkRegistry.ParameterCount(member.Network, member.Columns.Count) : member.Columns.Count,
                history.Epochs.Select(ToDomain).ToArray()));
        }

        FaceGallery? gallery = null;
        FirstLayerSnapshot? firstLayer = null;
        if (manifest.Baseline is { } best)
        {
            var store = CheckpointStores.Create(ClusterSettings.From(config.Settings));
            await using var stream = await store.OpenReadAsync(best.Checkpoint);
            using var model = TrainedModel.Load(stream, "cpu");
            var complete = faces.Labelled(Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray());
            var (_, validation) = DataSplit.GroupedTrainValidation(complete, 0.2, seed: 42);
            gallery = FaceGallery.Of(model, validation, Evaluator.Evaluate(model, validation));
            if (model.Module is { } network && network.named_modules().Any(m => m.module is TorchSharp.Modules.Conv2d))
                firstLayer = FirstLayerProbe.Capture(network, validation.Image(0).ToArray());
        }

        var study = new StudyResults($"Campaign {campaignId} (ensemble v{manifest.Version}, {status.Phase})", models, Gallery: gallery, FirstLayer: firstLayer);
        var path = StudyReport.Write(study, output);
        AnsiConsole.MarkupLineInterpolated($"Report: {path}");
        return 0;
    }

    private static DomainEpochReport ToDomain(Contracts.Training.EpochReport e) =>
        new(e.Epoch, e.TrainLoss, e.ValidationLoss, e.ValidationRmsePixels, Improved: false, e.Seconds, e.ImagesPerSecond);
}
