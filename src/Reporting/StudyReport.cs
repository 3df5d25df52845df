using System.Text;
using KeypointGrains.Keypoints.Photos;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Storage;
using KeypointGrains.Keypoints.Training;
using static KeypointGrains.Reporting.Html;

namespace KeypointGrains.Reporting;

/// <summary>
/// Writes a study as one self-contained report.html (inline CSS, no scripts, nothing fetched) and the PNGs it shows,
/// for a reader who never ran the tool.
/// </summary>
public static class StudyReport
{
    public const string FileName = "report.html";

    /// <summary>Writes report.html and its img/ folder into <paramref name="folder"/>; returns report.html's full path.</summary>
    public static string Write(StudyResults study, string folder)
    {
        var images = new ReportImages(folder);
        var page = new StringBuilder();
        page.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{Text(study.Title)}</title>
            <style>
            {Style}
            </style>
            </head>
            <body>
            <h1>{Text(study.Title)}</h1>

            """);
        if (!string.IsNullOrWhiteSpace(study.Notes)) page.Append($"<p class=\"note\">{Text(study.Notes)}</p>\n");
        page.Append("<nav>")
            .AppendJoin("", ReportSections.All.Select(id => $"<a href=\"#{id}\">{Headings[id]}</a>"))
            .Append("</nav>\n");

        page.Append(Section(ReportSections.Intro, Intro(study)));
        page.Append(Section(ReportSections.LearningCurves, LearningCurves(study, images)));
        page.Append(Section(ReportSections.Models, Models(study)));
        page.Append(Section(ReportSections.Search, Search(study, images)));
        page.Append(Section(ReportSections.Specialists, Specialists(study)));
        page.Append(Section(ReportSections.Keypoints, Keypoints(study)));
        page.Append(Section(ReportSections.Images, Images(study, images)));
        page.Append(Section(ReportSections.FirstLayer, FirstLayer(study, images)));
        page.Append(Section(ReportSections.Augmentations, Augmentations(study)));
        page.Append(Section(ReportSections.Ablations, Ablations(study)));
        page.Append(Section(ReportSections.Photos, Photos(study, images)));
        page.Append($"<footer>Written {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by KeypointGrains.</footer>\n</body>\n</html>\n");

        var path = Path.GetFullPath(Path.Combine(folder, FileName));
        var bytes = Encoding.UTF8.GetBytes(page.ToString());
        AtomicFile.Write(path, stream => stream.Write(bytes));
        return path;
    }

    private static readonly IReadOnlyDictionary<string, string> Headings = new Dictionary<string, string>
    {
        [ReportSections.Intro] = "What the numbers mean",
        [ReportSections.LearningCurves] = "Learning curves",
        [ReportSections.Models] = "Models",
        [ReportSections.Search] = "Recipe search",
        [ReportSections.Specialists] = "Specialists",
        [ReportSections.Keypoints] = "Worst and best keypoints",
        [ReportSections.Images] = "Worst and best images",
        [ReportSections.FirstLayer] = "First layer: filters and activations",
        [ReportSections.Augmentations] = "Augmentation study",
        [ReportSections.Ablations] = "Ablation study",
        [ReportSections.Photos] = "Photos",
    };

    private static string Section(string id, string body) => $"<h2 id=\"{id}\">{Headings[id]}</h2>\n{body}";

    private static string Missing(string what) => $"<p class=\"note\">{what} is not part of this study.</p>\n";

    private static string Intro(StudyResults study)
    {
        var intro = new StringBuilder("""
            <p>The models in this report find 15 facial keypoints (eye centres and corners, eyebrows, nose tip, mouth)
            on grey photos of faces 96 × 96 pixels in size. Each keypoint is an (x, y) position: 30 numbers per face.</p>
            <ul>
            <li><b>RMSE px</b>: root-mean-square error, the typical distance in pixels between where a model puts a
            coordinate and where a person labelled it. Lower is better; 1 px is about 1 % of the face's width.</li>
            <li><b>Validation</b>: faces held out from training. A model never learns from them, so its error there
            estimates how it does on faces it has not seen.</li>
            <li><b>Train / validation MSE</b>: the loss the networks minimise, the mean squared error on coordinates
            rescaled to −1…1 ((v − 48) / 48); RMSE px ≈ 48 × √MSE. A training loss far below the validation loss
            means the model memorises its training faces.</li>
            <li><b>Epoch</b>: one pass over the training faces. Training stops when the validation loss has not improved
            for a while, and keeps the weights of its best epoch.</li>
            <li><b>Specialist</b>: a network for one group of keypoints only, trained on every face that labels that
            group; six specialists together give all 30 coordinates.</li>
            </ul>

            """);
        var ranked = study.Models.Where(m => double.IsFinite(m.RmsePixels)).OrderBy(m => m.RmsePixels).ToArray();
        var fullFace = ranked.Where(m => m.Kind != ModelKind.Specialist).ToArray();
        if (fullFace.Length > 0)
            intro.Append($"<p>Lowest validation error for all 30 coordinates: <b>{Text(fullFace[0].Name)}</b>, " +
                         $"{Number(fullFace[0].RmsePixels, "F2")} px.</p>\n");
        intro.Append($"<p>{study.Models.Count} trained models are reported below.</p>\n");
        return intro.ToString();
    }

    private static string LearningCurves(StudyResults study, ReportImages images)
    {
        var trained = study.Models.Where(m => m.History.Count > 0).ToArray();
        if (trained.Length == 0) return Missing("A learning curve");
        var section = new StringBuilder(
            "<p>Loss per epoch on a logarithmic scale. Curves that keep falling could have trained longer; a validation " +
            "curve that turns up while the training curve keeps falling shows overfitting. The dotted line marks the " +
            "epoch whose weights were kept.</p>\n");
        section.Append(Image(images.Save(LearningCurveChart.Overview(trained), "curves-overview"),
            "validation loss of every model", "Validation loss of every model"));
        section.Append("<div class=\"grid\">\n");
        for (int i = 0; i < trained.Length; i++)
            section.Append(Image(images.Save(LearningCurveChart.Of(trained[i]), $"curve-{i:00}-{trained[i].Name}"),
                $"learning curve of {trained[i].Name}", $"{Text(trained[i].Name)} · {Number(trained[i].RmsePixels, "F2")} px"));
        return section.Append("</div>\n").ToString();
    }

    private static string Models(StudyResults study)
    {
        if (study.Models.Count == 0) return Missing("A trained model");
        return Table(
            ["Model", "Kind", "Rows", "Parameters", "Epochs", "Seconds per epoch", "Total time", "Train MSE", "Validation MSE", "RMSE px"],
            study.Models.Select(m => (IReadOnlyList<string>)
            [
                Text(m.Name), Kind(m), Count(m.Rows), Count(m.Parameters), Count(m.Epochs), Number(m.SecondsPerEpoch, "F2"),
                Duration(m.TotalSeconds), Number(m.TrainMse, "G4"), Number(m.ValidationMse, "G4"), Number(m.RmsePixels, "F2"),
            ]),
            Best(study.Models.Select(m => m.Kind == ModelKind.Specialist ? double.NaN : m.RmsePixels).ToArray())) +
            "<p>Rows: labelled faces the model was given (training and validation together). " +
            "MSEs are those of the epoch whose weights were kept. A model without epochs (the mean shape) learns " +
            "nothing: it predicts the average position of each keypoint, the floor every trained model must beat. " +
            "An ensemble merges its specialists' keypoints into all 30 coordinates; its parameters, epochs and time " +
            "are theirs together, and it has no training loss of its own.</p>\n";
    }

    /// <summary>A search's leaderboard, validation RMSE against each searched parameter, and its rungs.</summary>
    private static string Search(StudyResults study, ReportImages images)
    {
        if (study.Search is not { } search) return Missing("A recipe search");
        var halving = search.Halving;
        var parameters = search.Parameters;
        int epochs = search.Trials.Sum(t => t.Epochs), budget = search.Trials.Count * search.MaxEpochs;
        var section = new StringBuilder(
            $"<p>Search {Text(search.Campaign)}: {search.Trials.Count} trials of up to {search.MaxEpochs} epochs. At each rung " +
            $"(after epoch {string.Join(", ", halving.Rungs)}) a trial went on only while its best validation loss was among the best " +
            $"1/{search.Reduction} of those recorded at the rung so far, so the first to reach a rung go on. The trials trained " +
            $"{Count(epochs)} of the {Count(budget)} epochs that full budgets would take ({Number(100.0 * epochs / Math.Max(budget, 1), "F0")} %). " +
            "Their learning curves are among the models' above.</p>\n");

        var ranked = search.Trials.OrderBy(t => double.IsFinite(t.BestRmsePixels) ? t.BestRmsePixels : double.MaxValue).ToArray();
        section.Append("<h3>Leaderboard</h3>\n").Append(Table(
            ["Trial", .. parameters, "Rung reached", "Epochs", "Best RMSE px", "State"],
            ranked.Select(t => (IReadOnlyList<string>)
            [
                Text(t.Name), .. parameters.Select(p => Text(t.Value(p) ?? "–")),
                search.RungReached(t.Name) is { } rung ? $"epoch {rung}" : "–", Count(t.Epochs), Number(t.BestRmsePixels, "F3"), Text(t.State),
            ]),
            Best(ranked.Select(t => t.BestRmsePixels).ToArray())));

        section.Append("<h3>Validation RMSE against each parameter</h3>\n<div class=\"grid\">\n");
        foreach (var parameter in parameters)
            section.Append(Image(images.Save(SearchChart.Of(search, parameter), $"search-{parameter}"),
                $"best validation RMSE against {parameter}", Text(parameter)));
        section.Append("</div>\n");

        section.Append("<h3>Rungs</h3>\n").Append(Table(
            ["Rung", "Trials recorded", "Kept", "Cut-off MSE", "Cut-off ≈ RMSE px", "Went on", "Stopped there"],
            halving.Rungs.Select(epoch =>
            {
                var losses = search.Rungs.TryGetValue(epoch, out var recorded) ? recorded : new Dictionary<string, double>();
                double cutoff = halving.Cutoff(losses.Values);
                var stopped = losses.Keys.Where(t => search.RungReached(t) == epoch && search.Trials.Any(s => s.Name == t && s.StoppedAtRung)).Order().ToArray();
                return (IReadOnlyList<string>)
                [
                    $"epoch {epoch}", Count(losses.Count), losses.Count == 0 ? "–" : Count(halving.Kept(losses.Count)),
                    Number(cutoff, "G4"), Number(TargetScaling.HalfRange * Math.Sqrt(cutoff), "F3"),
                    Text(string.Join(", ", losses.Keys.Except(stopped).Order())), Text(string.Join(", ", stopped)),
                ];
            })));
        return section.Append(
            "<p>Cut-off: the loss of the last trial kept among all those recorded at the rung, as the rung stands now; a trial " +
            "that reached the rung early faced fewer, so some above the cut-off went on. RMSE ≈ 48 × √MSE.</p>\n").ToString();
    }

    private static string Kind(ModelResult model) => model.Kind switch
    {
        ModelKind.Specialist => $"specialist {model.SpecialistNumber}",
        ModelKind.Ensemble => "ensemble",
        _ => "model",
    };

    private static string Specialists(StudyResults study)
    {
        var specialists = study.Models.Where(m => m.Kind == ModelKind.Specialist).ToArray();
        if (specialists.Length == 0) return Missing("A specialist");
        return Table(
            ["Name", "Specialist", "Keypoints", "Sample size", "Seconds per epoch", "Total seconds", "Best RMSE px"],
            specialists.Select(m => (IReadOnlyList<string>)
            [
                Text(m.Name), m.SpecialistNumber?.ToString() ?? "–",
                string.Join(", ", m.Columns.Where(c => c % 2 == 0).Select(c => Keypoint(KeypointSchema.Keypoints[c / 2]))),
                Count(m.Rows), Number(m.SecondsPerEpoch, "F2"), Number(m.TotalSeconds, "F0"), Number(m.RmsePixels, "F2"),
            ])) +
            "<p>Sample size: faces that label every keypoint of the group. Groups of rarely labelled keypoints have " +
            "far fewer faces to learn from.</p>\n";
    }

    private static string Keypoints(StudyResults study)
    {
        var fullFace = study.Models.Where(m => m.Evaluation is not null && m.Kind != ModelKind.Specialist).ToArray();
        var specialists = study.Models.Where(m => m.Evaluation is not null && m.Kind == ModelKind.Specialist).ToArray();
        if (fullFace.Length + specialists.Length == 0) return Missing("A per-keypoint evaluation");
        var section = new StringBuilder("<p>RMSE in pixels per keypoint on the validation faces.</p>\n");
        foreach (var model in fullFace)
        {
            var evaluation = model.Evaluation!;
            section.Append($"<h3>{Text(model.Name)}: worst and best four</h3>\n<p>{Count(evaluation.Images)} validation faces, " +
                           $"{Count(evaluation.Values)} labelled coordinates, RMSE {Number(evaluation.RmsePixels, "F2")} px.</p>\n");
            int rows = Math.Max(evaluation.WorstKeypoints.Count, evaluation.BestKeypoints.Count);
            section.Append(Table(
                ["Rank", "Worst keypoint", "RMSE px", "Best keypoint", "RMSE px"],
                Enumerable.Range(0, rows).Select(i => (IReadOnlyList<string>)
                [
                    (i + 1).ToString(),
                    i < evaluation.WorstKeypoints.Count ? Keypoint(evaluation.WorstKeypoints[i].Keypoint) : "",
                    i < evaluation.WorstKeypoints.Count ? Number(evaluation.WorstKeypoints[i].RmsePixels, "F2") : "",
                    i < evaluation.BestKeypoints.Count ? Keypoint(evaluation.BestKeypoints[i].Keypoint) : "",
                    i < evaluation.BestKeypoints.Count ? Number(evaluation.BestKeypoints[i].RmsePixels, "F2") : "",
                ])));
        }
        if (specialists.Length > 0)
        {
            // A specialist has one to four keypoints, too few for a worst and a best four of its own: rank them all.
            section.Append("<h3>Specialists: every keypoint, worst first</h3>\n");
            section.Append(Table(
                ["Keypoint", "Specialist", "Labelled coordinates", "RMSE px"],
                specialists.SelectMany(m => m.Evaluation!.PerKeypoint.Select(k => (Model: m, Keypoint: k)))
                    .OrderByDescending(p => p.Keypoint.RmsePixels)
                    .Select(p => (IReadOnlyList<string>)
                    [
                        Keypoint(p.Keypoint.Keypoint), Text(p.Model.Name), Count(p.Keypoint.Values), Number(p.Keypoint.RmsePixels, "F2"),
                    ])));
        }
        return section.ToString();
    }

    private static string Images(StudyResults study, ReportImages images)
    {
        if (study.Gallery is not { } gallery) return Missing("A gallery of faces");
        var section = new StringBuilder(
            $"<p>Validation faces on which <b>{Text(gallery.Model)}</b> does worst and best: " +
            "<span class=\"truth\">green dots</span> are the labelled keypoints, " +
            "<span class=\"prediction\">red crosses</span> the predicted ones.</p>\n");
        foreach (var (title, faces) in new[] { ("Worst", gallery.Worst), ("Best", gallery.Best) })
        {
            section.Append($"<h3>{title} {faces.Count}</h3>\n<div class=\"grid\">\n");
            foreach (var face in faces)
                section.Append(Image(images.Save(FacePicture.Of(face), $"face-{title}-{face.ImageId}"),
                    $"face {face.ImageId}", $"image {face.ImageId} · {Number(face.RmsePixels, "F2")} px"));
            section.Append("</div>\n");
        }
        return section.ToString();
    }

    private static string FirstLayer(StudyResults study, ReportImages images)
    {
        if (study.FirstLayer is not { } layer) return Missing("A look at the first layer");
        var section = new StringBuilder(
            $"<p>The first layer of <b>{Text(layer.Model)}</b> ({Text(layer.Layer)}) slides {layer.Count} small filters of " +
            $"{layer.KernelHeight} × {layer.KernelWidth} pixels over the face. Each filter below is drawn from its most " +
            "negative weight (black) to its most positive (white); most respond to edges of one direction.</p>\n");
        section.Append(Image(
            images.Save(TileMosaic.Of(layer.Filters, layer.Count, layer.KernelHeight, layer.KernelWidth, 48), "first-layer-filters"),
            "first-layer filters", $"{layer.Count} filters"));
        section.Append("<p>What each filter makes of one face (after ReLU): bright where the filter's pattern is found.</p>\n");
        section.Append("<div class=\"grid\">\n");
        section.Append(Image(images.Save(FacePicture.Of(layer.Face), "first-layer-face"), "input face", "the face"));
        section.Append(Image(
            images.Save(TileMosaic.Of(layer.Maps, layer.Count, layer.MapHeight, layer.MapWidth, 96), "first-layer-activations"),
            "first-layer activation maps", $"{layer.Count} activation maps, {layer.MapHeight} × {layer.MapWidth}"));
        return section.Append("</div>\n").ToString();
    }

    private static string Augmentations(StudyResults study)
    {
        if (study.Augmentations is not { Count: > 0 } runs) return Missing("An augmentation study");
        return "<p>The same model trained with the same seed on the same faces, without augmentation and with each " +
               "augmentation alone, scored on the same validation faces. Differences of a few hundredths of a pixel are " +
               "within the noise of one run. Training rows: the training faces plus one transformed copy of each for an " +
               "expanding augmentation; affine warps the faces of every batch anew instead. An expanding run takes twice " +
               "the optimizer steps per epoch, which after only a few epochs lowers the loss by itself.</p>\n" +
               Table(
                   ["Augmentation", "Model", "Training rows", "Epochs", "Total time", "Validation loss", "RMSE px"],
                   runs.Select(r => (IReadOnlyList<string>)
                   [
                       Text(r.Augmentation), Text(r.Model), Count(r.TrainingRows), Count(r.Epochs), Duration(r.Seconds),
                       Number(r.ValidationLoss, "G4"), Number(r.RmsePixels, "F2"),
                   ]),
                   Best(runs.Select(r => r.ValidationLoss).ToArray()));
    }

    private static string Ablations(StudyResults study)
    {
        if (study.Ablations is not { } ablations) return Missing("An ablation study");
        var full = ablations.Runs.First(r => r.Name == AblationStudy.Full);
        return $"<p>The {Text(ablations.Preset)} preset's whole-face model, trained with its full recipe and once with each of its " +
               "changes to the seed's recipe undone: the same epochs, seed and grouped split, scored on the same " +
               $"{Count(ablations.ValidationFaces)} complete validation faces. A change is worth the RMSE its row adds.</p>\n" +
               Table(
                   ["Run", "Undone", "Network", "Training faces", "Epochs", "Training time", "RMSE px", "vs full"],
                   ablations.Runs.Select(r => (IReadOnlyList<string>)
                   [
                       Text(r.Name), Text(r.Change), Text(r.Network), Count(r.TrainingFaces), Count(r.Epochs), Duration(r.Seconds),
                       Number(r.RmsePixels, "F3"), r == full ? "" : Number(r.RmsePixels - full.RmsePixels, "+0.000;-0.000;0.000"),
                   ]),
                   Best(ablations.Runs.Select(r => r.RmsePixels).ToArray()));
    }

    /// <summary>Marks the row with the lowest finite value.</summary>
    private static bool[] Best(double[] values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return new bool[values.Length];
        var lowest = finite.Min();
        return values.Select(v => v == lowest).ToArray();
    }

    private static string Photos(StudyResults study, ReportImages images)
    {
        if (study.Photos is not { } photos) return Missing("An evaluation on photos");
        var accuracy = photos.Accuracy;
        var section = new StringBuilder(
            $"<p>The ensemble ({Text(photos.Model)}) on the {accuracy.DetectorNme.Count} whole photos of {Text(photos.Folder)}, scored by " +
            "NME: the mean distance between predicted and true keypoints divided by the distance between the outer eye corners; " +
            $"a photo fails above {Number(PhotoScore.FailureThreshold, "F2")} or when no face is found. Each face is framed as the " +
            "training faces were from the face detector's box and, for comparison, from its true keypoints (the best any framing " +
            $"can do for these models): the ratio of the two, {Number(accuracy.NmeRatio, "F3")}, is what the detector's framing costs.</p>\n");
        section.Append(Table(["framing", "faces found", "NME mean", "NME median", "failures", "AUC at 0.08"],
            new[]
            {
                ("face detector", accuracy.Detector), ("true keypoints", accuracy.TrueFraming),
                ("true keypoints, moved as much as the detector strays", accuracy.JitteredTrueFraming),
            }.Select(r => (IReadOnlyList<string>)
            [
                Text(r.Item1), Number(100 * r.Item2.FoundRate, "F1") + " %", Number(r.Item2.MeanNme, "F4"), Number(r.Item2.MedianNme, "F4"),
                Number(100 * r.Item2.FailureRate, "F1") + " %", Number(r.Item2.Auc, "F3"),
            ])));
        section.Append(Image(images.Save(CumulativeErrorChart.Of(photos), "photos-cumulative-error"),
            "cumulative error curve of the photos", "Share of photos at or below each NME"));
        section.Append("<p>The worst photos with the detector's framing: the box it framed from, the predicted keypoints " +
                       "<span class=\"prediction\">red</span>, the true ones <span class=\"truth\">green</span>.</p>\n<div class=\"grid\">\n");
        foreach (int i in photos.Worst)
        {
            var row = accuracy.Labelled.Rows[i];
            var faces = accuracy.Boxes[i] is { } box ? new[] { (box, accuracy.DetectorPoints[i]!) } : [];
            var png = PhotoOverlay.Png(accuracy.Photos[i], faces, row.Coordinates);
            var caption = double.IsFinite(accuracy.DetectorNme[i]) ? $"NME {Number(accuracy.DetectorNme[i], "F3")}" : "no face found";
            section.Append(Image(images.Save(png, $"photo-{row.Image}"), $"{row.Image} with its keypoints", $"{Text(row.Image)} · {caption}"));
        }
        return section.Append("</div>\n").ToString();
    }
}
