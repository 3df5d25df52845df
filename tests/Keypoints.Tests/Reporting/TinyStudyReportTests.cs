using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Reporting;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Tests.Reporting;

/// <summary>A real (tiny) study: two epochs of real training on real faces, then the report of it.</summary>
public sealed class TinyStudyReportTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [SkippableFact]
    public void ReportOfATinyTrainedStudyHasEverySectionAndEveryPictureItShows()
    {
        var faces = Training.FkdSlice.Load(180);
        var all = Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray();
        var complete = faces.Labelled(all);
        Assert.True(complete.Count >= 150, $"Only {complete.Count} complete faces in the first rows.");
        var (train, validation) = Split(complete, 120);
        var options = new TrainingRecipe { MaxEpochs = 2, BatchSize = 32 };

        var models = new List<ModelResult>();
        FaceGallery? gallery = null;
        FirstLayerSnapshot? firstLayer = null;
        foreach (var network in new[] { "mlp", "cnn-small" })
        {
            var (result, model) = Train(network, ModelKind.Model, null, options, train, validation);
            models.Add(result);
            using (model)
            {
                if (network != "cnn-small") continue;
                gallery = FaceGallery.Of(model, validation, result.Evaluation!);
                firstLayer = FirstLayerProbe.Capture(model.Module!, validation.Image(0).ToArray());
            }
        }
        var nose = KeypointSchema.Specialist("nose-tip");
        var noseFaces = faces.Labelled(nose.Columns);
        var (noseTrain, noseValidation) = Split(noseFaces, 130);
        var (specialist, specialistModel) = Train("mlp", ModelKind.Specialist, 2, options, noseTrain, noseValidation, nose.Name);
        specialistModel.Dispose();
        models.Add(specialist);

        var study = new StudyResults("Tiny study", models,
            [new AugmentationResult("flip", "mlp", train.Count, 2, models[0].ValidationMse, models[0].RmsePixels, models[0].TotalSeconds)], gallery, firstLayer);
        var (html, images) = ReportAssert.Complete(StudyReport.Write(study, folder.Path));

        Assert.Equal(1 + 3 + 8 + 3, images.Count);
        Assert.Contains("cnn-small: worst and best four", html);
        Assert.Contains("Specialists: every keypoint, worst first", html);
        Assert.Contains("nose tip", html);
        Assert.Contains(Html(models[1].RmsePixels.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)), html);
        Assert.All(gallery!.Worst.Concat(gallery.Best), face => Assert.Contains($"image {face.ImageId} ·", html));
        Assert.True(gallery.Worst[0].RmsePixels >= gallery.Best[0].RmsePixels);
    }

    private static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);

    private static (FaceSet Train, FaceSet Validation) Split(FaceSet faces, int trainCount) =>
        (faces.Select(Enumerable.Range(0, trainCount).ToArray()),
         faces.Select(Enumerable.Range(trainCount, faces.Count - trainCount).ToArray()));

    private static (ModelResult Result, TrainedModel Model) Train(
        string network, ModelKind kind, int? specialist, TrainingRecipe options, FaceSet train, FaceSet validation, string? name = null)
    {
        using var trainer = new KeypointTrainer(options with { Network = network }, train, validation, new TrainerSetup { Device = "cpu", Threads = 2 });
        while (!trainer.Finished) trainer.RunEpoch();
        var model = trainer.ExportBest();
        var evaluation = Evaluator.Evaluate(model, validation);
        var result = ModelResult.FromHistory(name ?? network, kind, specialist, train.Columns, train.Count + validation.Count,
            NetworkRegistry.ParameterCount(network, train.Columns.Count), trainer.History, evaluation);
        return (result, model);
    }
}
