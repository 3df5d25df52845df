using KeypointGrains.Client.Configuration;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.ClusterClient.Inference;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Hosting.Storage;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;
using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// kg report: a self-contained report.html of a campaign: learning curves; the models table with the mean shape (Model 0),
/// the baseline, and the specialists merged into 30 columns, all scored on the campaign's validation faces; the specialists
/// table; the worst and best keypoints and images of the baseline; its first layer; optionally an augmented campaign
/// (the seed's Model 5) and the augmentation study.
/// </summary>
public sealed class ReportCommand : AsyncCommand<ReportSettings>
{
    public const string MeanShapeName = "Model 0: mean shape";
    public const string EnsembleName = "specialists ensemble";
    public const string AugmentedEnsembleName = "Model 5: specialists, augmented";
    public const string AugmentedSuffix = " (augmented)";

    private static readonly int[] AllColumns = Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray();

    public override async Task<int> ExecuteAsync(CommandContext context, ReportSettings settings, CancellationToken cancellation)
    {
        var config = KgConfiguration.Load(settings.ConfigFile);
        var campaignId = ClusterAccess.CampaignOrLast(settings.Campaign);
        var output = config.Resolve(settings.Out, "report", "out", Path.Combine("runs", $"report-{campaignId}"));
        var augmentedId = config.Resolve(settings.AugmentedCampaign, "report", "augmentedCampaign");
        // Read before the cluster starts, so a wrong path fails at once.
        var augmentationStudy = config.Resolve(settings.AugmentationStudy, "report", "augmentationStudy") is { } studyFile
            ? AugmentationStudyFile.Read(studyFile)
            : null;

        await using var cluster = await ClusterAccess.OpenAsync(config, config.Resolve(settings.Cluster, "report", "cluster", false), settings.Device, cancellation);
        var campaigns = cluster.Campaigns();
        var store = CheckpointStores.Create(ClusterSettings.From(config.Settings));
        var status = await campaigns.GetStatus(campaignId);
        var plan = await campaigns.GetPlan(campaignId);
        var data = config.Resolve(settings.Data, "report", "data", plan.DataPath);
        var manifest = await campaigns.GetManifest(campaignId);
        var faces = KaggleCsvReader.ReadTraining(data);
        // The split every model of the campaign trained on (TrainingDataCache): none trained on a face of its validation side.
        var split = DataSplit.GroupedTrainValidation(faces, plan.ValidationFraction, plan.SplitSeed);
        var (train, validation) = (split.Train.Labelled(AllColumns), split.Validation.Labelled(AllColumns));
        var augmentedPlan = augmentedId is null ? null : await campaigns.GetPlan(augmentedId);
        if (augmentedPlan is { } augmented &&
            (augmented.SplitSeed, augmented.ValidationFraction) != (plan.SplitSeed, plan.ValidationFraction))
            throw new UsageException(
                $"Campaign {augmentedId} split its data with seed {augmented.SplitSeed} and {augmented.ValidationFraction:P0} held out, " +
                $"campaign {campaignId} with seed {plan.SplitSeed} and {plan.ValidationFraction:P0}: their models would be scored on different faces.");

        var models = new List<ModelResult> { ModelResult.MeanShape(MeanShapeName, train, validation) };
        models.AddRange(await CampaignRowsAsync(campaigns, store, plan, manifest, split, validation, "", EnsembleName));
        if (augmentedPlan is not null)
            models.AddRange(await CampaignRowsAsync(campaigns, store, augmentedPlan, await campaigns.GetManifest(augmentedPlan.CampaignId),
                split, validation, AugmentedSuffix, AugmentedEnsembleName));

        FaceGallery? gallery = null;
        FirstLayerSnapshot? firstLayer = null;
        if (manifest.Baseline is { } best)
        {
            using var model = await LoadAsync(store, best);
            var evaluation = models.FirstOrDefault(m => m.Name == ModelPlan.BaselineName)?.Evaluation ?? Evaluator.Evaluate(model, validation);
            gallery = FaceGallery.Of(model, validation, evaluation);
            if (model.Module is { } network && network.named_modules().Any(m => m.module is TorchSharp.Modules.Conv2d))
                firstLayer = FirstLayerProbe.Capture(network, validation.Image(0).ToArray());
        }

        var title = $"Campaign {campaignId} (ensemble v{manifest.Version}, {status.Phase})" +
                    (augmentedId is null ? "" : $" and augmented campaign {augmentedId}");
        var notes = $"Every full-face model is scored on the same {validation.Count} validation faces: the complete rows of the " +
                    $"campaign's grouped split (seed {plan.SplitSeed}, {plan.ValidationFraction:P0} held out), which none of its models trained on.";
        var study = new StudyResults(title, models, augmentationStudy?.Runs, gallery, firstLayer, notes);
        var path = StudyReport.Write(study, output);
        AnsiConsole.MarkupLineInterpolated($"Report: {path}");
        return 0;
    }

    /// <summary>
    /// A row per model of the campaign that has finished (from its learning curve; the baseline scored on
    /// <paramref name="validation"/> like every full-face row), then its specialists merged into 30 columns
    /// (<see cref="PredictionMerger"/>, the baseline filling groups without a specialist) and scored on the same faces.
    /// </summary>
    private static async Task<IReadOnlyList<ModelResult>> CampaignRowsAsync(CampaignClient campaigns, ICheckpointStore store,
        CampaignPlan plan, EnsembleManifest manifest, (FaceSet Train, FaceSet Validation) split, FaceSet validation,
        string suffix, string ensembleName)
    {
        var histories = (await campaigns.GetHistory(plan.CampaignId)).ToDictionary(h => h.Model);
        var predictions = new Dictionary<string, GroupPrediction>();
        foreach (var member in manifest.Members)
            predictions[member.Model] = await PredictAsync(store, member, validation);

        var rows = new List<ModelResult>();
        foreach (var member in manifest.Members)
        {
            if (!histories.TryGetValue(member.Model, out var history) || history.Epochs.Count == 0) continue;
            bool baseline = member.Model == ModelPlan.BaselineName;
            int group = KeypointSchema.Specialists.Select(s => s.Name).ToList().IndexOf(member.Model);
            rows.Add(ModelResult.FromHistory(member.Model + suffix, baseline ? ModelKind.Model : ModelKind.Specialist,
                group < 0 ? null : group + 1, member.Columns, RowsOf(plan, member.Model, split),
                NetworkRegistry.Names.Contains(member.Network) ? NetworkRegistry.ParameterCount(member.Network, member.Columns.Count) : member.Columns.Count,
                history.Epochs.Select(ToDomain).ToArray(),
                baseline ? Evaluator.Evaluate(member.Model + suffix, member.Columns, predictions[member.Model].Coordinates, validation) : null));
        }

        var specialists = manifest.Specialists.ToArray();
        if (specialists.Length == 0) return rows;
        var merged = PredictionMerger.Merge(validation.Count,
            specialists.Select(m => new GroupOutcome(m, predictions[m.Model])).ToArray(),
            manifest.Baseline is { } b ? predictions[b.Model] : null, manifest.Version);
        var name = specialists.Length == KeypointSchema.Specialists.Count
            ? ensembleName
            : $"{ensembleName} ({specialists.Length} of {KeypointSchema.Specialists.Count}, the baseline for the rest)";
        var evaluation = Evaluator.Evaluate(name, AllColumns, merged.Coordinates, validation);
        rows.Add(ModelResult.Ensemble(name, rows.Where(r => r.Kind == ModelKind.Specialist).ToArray(),
            split.Train.Count + split.Validation.Count, evaluation));
        return rows;
    }

    /// <summary>The faces the model trained and was validated on (before any augmented copies), as its training grain sliced them.</summary>
    private static int RowsOf(CampaignPlan plan, string model, (FaceSet Train, FaceSet Validation) split)
    {
        var planned = plan.Model(model);
        var (train, validation) = ModelRows.Of(split.Train, split.Validation, planned.Columns, planned.Recipe.AllRows, planned.Recipe.MaxTrainingFaces);
        return train.Count + validation.Count;
    }

    private static async Task<GroupPrediction> PredictAsync(ICheckpointStore store, EnsembleMember member, FaceSet faces)
    {
        using var model = await LoadAsync(store, member);
        return new GroupPrediction(member.Model, member.Columns, model.Predict(faces.Pixels, faces.Count));
    }

    private static async Task<TrainedModel> LoadAsync(ICheckpointStore store, EnsembleMember member)
    {
        await using var stream = await store.OpenReadAsync(member.Checkpoint);
        return TrainedModel.Load(stream, "cpu");
    }

    private static EpochResult ToDomain(EpochReport e) =>
        new(e.Epoch, e.TrainLoss, e.ValidationLoss, e.ValidationRmsePixels, Improved: false, e.Seconds, e.ImagesPerSecond);
}
