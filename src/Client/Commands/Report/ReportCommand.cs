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
using KeypointGrains.Keypoints.Photos;
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
/// (the seed's Model 5), the augmentation study, and the ensemble on photos with true keypoints (--photos). With --tune, the
/// report of a recipe search instead: its trials' learning curves and table, leaderboard, RMSE against each parameter, rungs.
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
        var searchId = config.Resolve(settings.Tune, "report", "tune");
        if (searchId is not null && (settings.Campaign ?? settings.AugmentedCampaign ?? settings.Photos) is not null)
            throw new UsageException("--tune reports a search on its own: it takes no --campaign, --augmented-campaign or --photos.");
        var campaignId = searchId ?? ClusterAccess.CampaignOrLast(settings.Campaign);
        var output = config.Resolve(settings.Out, "report", "out", Path.Combine("runs", $"report-{campaignId}"));
        var augmentedId = searchId is null ? config.Resolve(settings.AugmentedCampaign, "report", "augmented-campaign") : null;
        // Read before the cluster starts, so a wrong path fails at once.
        var augmentationStudy = config.Resolve(settings.AugmentationStudy, "report", "augmentation-study") is { } studyFile
            ? AugmentationStudyFile.Read(studyFile)
            : null;
        var ablationStudy = config.Resolve(settings.AblationStudy, "report", "ablation-study") is { } ablationFile
            ? AblationStudyFile.Read(ablationFile)
            : null;
        var photoFolder = searchId is null ? config.Resolve(settings.Photos, "report", "photos") : null;
        var labelledPhotos = photoFolder is null ? null : LabelledPhotos.Open(photoFolder);

        await using var cluster = await ClusterAccess.OpenAsync(config, config.Resolve(settings.Cluster, "report", "cluster", false), settings.Device, cancellation);
        var campaigns = cluster.Campaigns();
        var store = CheckpointStores.Create(ClusterSettings.From(config.Settings));
        var status = await campaigns.GetStatus(campaignId);
        var plan = await campaigns.GetPlan(campaignId);
        var data = config.Resolve(settings.Data, "report", "data", plan.DataPath);
        if (searchId is not null)
        {
            var search = await SearchStudyAsync(campaigns, plan, status, KaggleCsvReader.ReadTraining(data)) with
            {
                Augmentations = augmentationStudy?.Runs, Ablations = ablationStudy,
            };
            AnsiConsole.MarkupLineInterpolated($"Report: {StudyReport.Write(search, output)}");
            return 0;
        }
        var manifest = await campaigns.GetManifest(campaignId);
        var faces = KaggleCsvReader.ReadTraining(data);
        // The split every model of the campaign trained on (TrainingDataCache): none trained on a face of its validation side.
        // Of a k-fold campaign the report shows the models of fold 1 on their split, then the out-of-fold figures.
        var split = HeldOutFaces.SplitOf(plan, faces, fold: 1);
        var shown = plan.Folds >= 2 ? manifest.OfFold(1) : manifest;
        var (train, validation) = (split.Train.Labelled(AllColumns), split.Validation.Labelled(AllColumns));
        var augmentedPlan = augmentedId is null ? null : await campaigns.GetPlan(augmentedId);
        if (augmentedPlan is { } augmented && augmented.SplitOf(fold: 0) is var other && other != plan.SplitOf(fold: 0))
            throw new UsageException(
                $"Campaign {augmentedId} split its data with seed {other.Seed} and {other.ValidationFraction:P0} held out in {other.Folds} fold(s), " +
                $"campaign {campaignId} with seed {plan.SplitOf(0).Seed} and {plan.SplitOf(0).ValidationFraction:P0} in {plan.Folds}: " +
                "their models would be scored on different faces.");

        var models = new List<ModelResult> { ModelResult.MeanShape(MeanShapeName, train, validation) };
        models.AddRange(await CampaignRowsAsync(campaigns, store, plan, shown, split, validation, "", EnsembleName));
        if (augmentedPlan is not null)
        {
            var augmentedManifest = await campaigns.GetManifest(augmentedPlan.CampaignId);
            models.AddRange(await CampaignRowsAsync(campaigns, store, augmentedPlan,
                plan.Folds >= 2 ? augmentedManifest.OfFold(1) : augmentedManifest, split, validation, AugmentedSuffix, AugmentedEnsembleName));
        }
        if (plan.Folds >= 2) models.AddRange(await OutOfFoldRowsAsync(campaigns, store, plan, manifest, faces));

        FaceGallery? gallery = null;
        FirstLayerSnapshot? firstLayer = null;
        if (shown.Baseline is { } best)
        {
            using var model = await LoadAsync(store, best);
            var evaluation = models.FirstOrDefault(m => m.Name == ModelPlan.BaselineName)?.Evaluation ?? Evaluator.Evaluate(model, validation);
            gallery = FaceGallery.Of(model, validation, evaluation);
            if (model.Module is { } network && network.named_modules().Any(m => m.module is TorchSharp.Modules.Conv2d))
                firstLayer = FirstLayerProbe.Capture(network, validation.Image(0).ToArray());
        }

        PhotoResults? photos = null;
        if (labelledPhotos is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"Scoring the ensemble on the {labelledPhotos.Rows.Count} photos of {photoFolder}…");
            var photoSettings = PhotoConfiguration.From(config);
            using var detector = new FaceDetector(photoSettings.Detector);
            await using var model = PhotoModel.Through(cluster.Client, manifest);
            var accuracy = await PhotoAccuracy.MeasureAsync(labelledPhotos, model.Predict, detector, photoSettings.Limits,
                photoSettings.Reframings, cancellation);
            photos = new PhotoResults(photoFolder!, model.Description, accuracy);
        }

        var title = $"Campaign {campaignId} (ensemble v{manifest.Version}, {status.Phase})" +
                    (augmentedId is null ? "" : $" and augmented campaign {augmentedId}");
        var notes = (plan.Folds >= 2
                        ? $"The campaign trained every model on each of {plan.Folds} grouped folds; the table shows the models of fold 1, " +
                          $"and the out-of-fold rows score every complete face with the models that held it out. "
                        : "") +
                    $"Every full-face model of the table is scored on the same {validation.Count} validation faces: the complete rows of the " +
                    $"campaign's grouped split (seed {plan.SplitOf(0).Seed}, {(plan.Folds >= 2 ? "fold 1" : $"{plan.SplitOf(0).ValidationFraction:P0} held out")}), which none of its models trained on.";
        var study = new StudyResults(title, models, augmentationStudy?.Runs, gallery, firstLayer, notes, ablationStudy, photos);
        var path = StudyReport.Write(study, output);
        AnsiConsole.MarkupLineInterpolated($"Report: {path}");
        return 0;
    }

    /// <summary>
    /// A search as a study: every trial that trained an epoch as a model (its learning curve and row), and the search's
    /// leaderboard and rungs from the coordinator's records.
    /// </summary>
    private static async Task<StudyResults> SearchStudyAsync(CampaignClient campaigns, CampaignPlan plan, CampaignStatus status, FaceSet faces)
    {
        var halving = plan.Halving
            ?? throw new UsageException($"Campaign {plan.CampaignId} is not a search (kg tune started none by that id): report it with --campaign.");
        var histories = (await campaigns.GetHistory(plan.CampaignId)).ToDictionary(h => h.Model, h => h.Epochs);
        var rungs = await campaigns.GetRungs(plan.CampaignId);
        var split = HeldOutFaces.SplitOf(plan, faces, fold: 1);
        var models = plan.Models.Where(m => histories[m.Name].Count > 0)
            .Select(m => ModelResult.FromHistory(m.Name, ModelKind.Model, null, m.Columns, RowsOf(plan, m.Name, split),
                Parameters(m.Recipe.Network, m.Columns.Count), histories[m.Name].Select(ToDomain).ToArray()))
            .ToArray();
        var trials = plan.Models.Select(m =>
        {
            var trial = status.Model(m.Name);
            var epochs = histories[m.Name];
            return new SearchTrial(m.Name, m.Values.Select(v => v.Split('=', 2)).Select(v => KeyValuePair.Create(v[0], v[^1])).ToArray(),
                trial.Epoch, epochs.Count > 0 ? epochs.Min(e => e.ValidationRmsePixels) : double.NaN, CampaignPrinter.TrialState(trial),
                trial.Phase == ModelPhase.EarlyStopped);
        }).ToArray();
        var search = new SearchResults(plan.CampaignId, halving.MinEpochs, halving.Reduction, plan.Models.Max(m => m.Recipe.MaxEpochs), trials,
            rungs.ToDictionary(r => r.Epoch, r => r.Losses));
        var notes = $"Each trial is a whole-face model trained with its own values of the searched parameters on the search's grouped split " +
                    $"(seed {plan.SplitOf(0).Seed}); its RMSE is its best epoch's on its validation faces.";
        return new StudyResults($"Search {plan.CampaignId} ({status.Phase})", models, Notes: notes, Search: search);
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
            bool baseline = member.Group == ModelPlan.BaselineName;
            int group = KeypointSchema.Specialists.Select(s => s.Name).ToList().IndexOf(member.Group);
            rows.Add(ModelResult.FromHistory(member.Model + suffix, baseline ? ModelKind.Model : ModelKind.Specialist,
                group < 0 ? null : group + 1, member.Columns, RowsOf(plan, member.Model, split),
                Parameters(member),
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

    /// <summary>
    /// The honest figures of a k-fold campaign: every complete face of the file predicted by the baseline, and by the
    /// specialists merged, of the one fold that held it out; the rows count the time and parameters of all folds.
    /// </summary>
    private static async Task<IReadOnlyList<ModelResult>> OutOfFoldRowsAsync(CampaignClient campaigns, ICheckpointStore store,
        CampaignPlan plan, EnsembleManifest manifest, FaceSet faces)
    {
        var histories = (await campaigns.GetHistory(plan.CampaignId)).ToDictionary(h => h.Model);
        var heldOut = new List<FaceSet>();
        var (baselines, ensembles) = (new List<float>(), new List<float>());
        foreach (var (members, validation) in HeldOutFaces.Of(plan, manifest, faces))
        {
            var predictions = new Dictionary<string, GroupPrediction>();
            foreach (var member in members.Members) predictions[member.Model] = await PredictAsync(store, member, validation);
            heldOut.Add(validation);
            if (members.Baseline is { } baseline) baselines.AddRange(predictions[baseline.Model].Coordinates);
            ensembles.AddRange(PredictionMerger.Merge(validation.Count,
                members.Specialists.Select(m => new GroupOutcome(m, predictions[m.Model])).ToArray(),
                members.Baseline is { } b ? predictions[b.Model] : null, members.Version).Coordinates);
        }
        var all = FaceSet.Concat(heldOut);
        var trained = manifest.Members
            .Where(m => histories.TryGetValue(m.Model, out var h) && h.Epochs.Count > 0)
            .Select(m => ModelResult.FromHistory(m.Model, ModelKind.Model, null, m.Columns, 0, Parameters(m),
                histories[m.Model].Epochs.Select(ToDomain).ToArray()))
            .ToArray();
        var suffix = $", {plan.Folds} folds, out of fold";
        var rows = new List<ModelResult>();
        if (baselines.Count == all.Count * AllColumns.Length)
            rows.Add(ModelResult.Ensemble(ModelPlan.BaselineName + suffix, trained.Where(m => ModelPlan.GroupOf(m.Name) == ModelPlan.BaselineName).ToArray(),
                faces.Count, Evaluator.Evaluate(ModelPlan.BaselineName + suffix, AllColumns, baselines.ToArray(), all)));
        rows.Add(ModelResult.Ensemble(EnsembleName + suffix, trained.Where(m => ModelPlan.GroupOf(m.Name) != ModelPlan.BaselineName).ToArray(),
            faces.Count, Evaluator.Evaluate(EnsembleName + suffix, AllColumns, ensembles.ToArray(), all)));
        return rows;
    }

    private static long Parameters(EnsembleMember member) => Parameters(member.Network, member.Columns.Count);

    private static long Parameters(string network, int columns) =>
        NetworkRegistry.Names.Contains(network) ? NetworkRegistry.ParameterCount(network, columns) : columns;

    /// <summary>The faces the model trained and was validated on (before any augmented copies), as its training grain sliced them.</summary>
    private static int RowsOf(CampaignPlan plan, string model, (FaceSet Train, FaceSet Validation) split)
    {
        var (train, validation) = ModelRows.Of(split, plan.Model(model).Spec);
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
