using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using KeypointGrains.Specs;
using SkiaSharp;
using KeypointGrains.Client.Commands;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Hosting;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Photos;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Tests.Reporting;
using KeypointGrains.Reporting;
using Microsoft.Extensions.Configuration;

namespace KeypointGrains.Client.Tests;

/// <summary>
/// kg augment-study and kg report driven in-process on a slice of the real data; the report is of a tiny campaign that kg
/// trains on a silo hosted in this process (an MLP, one epoch, state in a temporary folder).
/// </summary>
[Collection(KgConsoleCollection.Name)]
public partial class KgReportTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("kg-report-").FullName;

    [SkippableFact]
    public async Task Augment_study_writes_one_run_without_and_one_per_augmentation()
    {
        var slice = TrainingSlice.Write(folder, rows: 200);
        var output = Path.Combine(folder, "study");

        Assert.Equal(0, await KgApp.RunAsync(
            ["augment-study", "--data", slice, "--network", "mlp", "--epochs", "1", "--rows", "150", "--augment", "contrast,affine", "--out", output]));

        var study = AugmentationStudyFile.Read(Path.Combine(output, AugmentationStudyFile.FileName));
        Assert.Equal(150, study.TrainingFaces);
        Assert.Equal(study.Faces, study.TrainingFaces + study.ValidationFaces);
        Assert.Equal(["none", "contrast", "affine"], study.Runs.Select(r => r.Augmentation));
        Assert.Equal([study.TrainingFaces, 2 * study.TrainingFaces, study.TrainingFaces], study.Runs.Select(r => r.TrainingRows));
        Assert.All(study.Runs, r => Assert.True(r.Model == "mlp" && r.Epochs == 1 && double.IsFinite(r.RmsePixels), r.ToString()));
    }

    [SkippableFact]
    public async Task Report_of_a_tiny_campaign_has_the_mean_shape_the_ensembles_and_the_augmentation_table()
    {
        var slice = TrainingSlice.Write(folder, rows: 400);
        var config = WriteConfiguration();
        const string campaign = "report-tiny";
        Assert.Equal(0, await KgApp.RunAsync(["train", "--specialists", "--preset", "quick", "--network", "mlp", "--epochs", "1",
            "--data", slice, "--campaign", campaign, "--config", config]));
        var studyFolder = Path.Combine(folder, "study");
        Assert.Equal(0, await KgApp.RunAsync(["augment-study", "--data", slice, "--network", "mlp", "--epochs", "1",
            "--rows", "120", "--augment", "unsharp", "--out", studyFolder, "--config", config]));
        var studyFile = Path.Combine(studyFolder, AugmentationStudyFile.FileName);

        var photos = PhotoSubsets.Write(folder, "photos", 4);

        // The same campaign stands in for its augmented twin: the report must then show the same ensemble twice.
        var output = Path.Combine(folder, "report");
        Assert.Equal(0, await KgApp.RunAsync(["report", "--campaign", campaign, "--augmented-campaign", campaign,
            "--data", slice, "--augmentation-study", studyFile, "--photos", photos, "--out", output, "--config", config]));
        var (html, images) = ReportAssert.Complete(Path.Combine(output, StudyReport.FileName));

        // The ensemble on the photos: both framings scored, the cumulative error curve and each of the 4 photos drawn.
        var framings = Rows(html, ReportSections.Photos);
        Assert.Equal(["face detector", "true keypoints", "true keypoints, moved as much as the detector strays"], framings.Keys);
        Assert.Equal("100.0 %", framings["true keypoints"][1]);
        Assert.All(framings.Values, row => Assert.Matches(@"^\d+\.\d{4}$", row[2]));
        Assert.Single(images, i => Path.GetFileName(i).StartsWith("photos-cumulative-error"));
        Assert.Equal(4, images.Count(i => Path.GetFileName(i).StartsWith("photo-")));

        var models = Rows(html, ReportSections.Models);
        var mean = models[ReportCommand.MeanShapeName];
        var ensemble = models[ReportCommand.EnsembleName];
        var augmented = models[ReportCommand.AugmentedEnsembleName];
        Assert.Equal("ensemble", ensemble[1]);
        Assert.Equal(ensemble[^1], augmented[^1]);
        Assert.Matches(@"^\d+\.\d\d$", ensemble[^1]);
        // The table rounds to 0.01 px.
        var meanRmse = ExpectedMeanShapeRmse(slice);
        Assert.InRange(double.Parse(mean[^1], CultureInfo.InvariantCulture), meanRmse - 0.0051, meanRmse + 0.0051);
        Assert.Contains("all", models.Keys);
        foreach (var group in KeypointSchema.Specialists)
        {
            Assert.Contains(group.Name, models.Keys);
            Assert.Contains(group.Name + ReportCommand.AugmentedSuffix, Rows(html, ReportSections.Specialists).Keys);
        }

        var study = AugmentationStudyFile.Read(studyFile);
        var augmentations = Rows(html, ReportSections.Augmentations);
        Assert.Equal(["none", "unsharp"], augmentations.Keys);
        foreach (var run in study.Runs)
        {
            var row = augmentations[run.Augmentation];
            Assert.Equal(run.TrainingRows.ToString("N0", CultureInfo.InvariantCulture), row[2]);
            Assert.Equal(run.RmsePixels.ToString("F2", CultureInfo.InvariantCulture), row[^1]);
        }
    }

    [SkippableFact]
    public async Task Report_charts_carry_text_on_a_machine_without_fonts()
    {
        var slice = TrainingSlice.Write(folder, rows: 300);
        var config = WriteConfiguration();
        Assert.Equal(0, await KgApp.RunAsync(["campaign", "--preset", "quick", "--network", "mlp", "--epochs", "2",
            "--data", slice, "--campaign", "fonts", "--config", config]));

        // The same report drawn here, where the system has fonts, and on a machine without any: the charts must be the
        // same pixels, text included (without a font of its own, the second would have no title, labels or ticks).
        var withFonts = Path.Combine(folder, "report");
        Assert.Equal(0, await KgApp.RunAsync(["report", "--campaign", "fonts", "--data", slice, "--out", withFonts, "--config", config]));
        var withoutFonts = Path.Combine(folder, "report-no-fonts");
        var report = await KgProcess.RunWithoutSystemFontsAsync(folder, "report", "--campaign", "fonts", "--data", slice, "--out", withoutFonts, "--config", config);
        Assert.True(report.ExitCode == 0, report.ToString());

        foreach (var chart in Directory.GetFiles(Path.Combine(withFonts, "img"), "curve*.png"))
        {
            using var drawn = SKBitmap.Decode(chart);
            using var headless = SKBitmap.Decode(Path.Combine(withoutFonts, "img", Path.GetFileName(chart)));
            Assert.Equal((drawn.Width, drawn.Height), (headless.Width, headless.Height));
            int differing = 0;
            for (int y = 0; y < drawn.Height; y++)
                for (int x = 0; x < drawn.Width; x++)
                    if (drawn.GetPixel(x, y) != headless.GetPixel(x, y)) differing++;
            Assert.True(differing < drawn.Width * drawn.Height / 1000, $"{Path.GetFileName(chart)}: {differing} pixels differ without system fonts.");
        }
    }

    [SkippableFact]
    public async Task Report_of_a_search_has_a_row_per_trial_a_chart_per_parameter_and_its_rungs()
    {
        var slice = TrainingSlice.Write(folder, rows: 300);
        var config = WriteConfiguration();
        // As KgTuneTests: rates far apart, so that the halving stops some trials at the rungs (epochs 1 and 2 of 4).
        Assert.Equal(0, await KgApp.RunAsync(["tune", "--data", slice, "--network", "mlp", "--trials", "5", "--min-epochs", "1",
            "--max-epochs", "4", "--reduction", "2", "--images", "120", "--parallel", "3", "--space", "lr=1e-5..3e-2",
            "--space", "batch=16,32", "--seed", "3", "--campaign", "search", "--preset-out", Path.Combine(folder, "best.json"), "--config", config]));
        var output = Path.Combine(folder, "report");
        Assert.Equal(0, await KgApp.RunAsync(["report", "--tune", "search", "--out", output, "--config", config]));
        var (html, images) = ReportAssert.Complete(Path.Combine(output, StudyReport.FileName));

        await using var cluster = await EmbeddedCluster.OpenAsync(ClusterSettings.From(new ConfigurationBuilder().AddJsonFile(config).Build()));
        var campaigns = cluster.Campaigns();
        var plan = await campaigns.GetPlan("search");
        var status = await campaigns.GetStatus("search");
        var histories = (await campaigns.GetHistory("search")).ToDictionary(h => h.Model, h => h.Epochs);
        var rungs = (await campaigns.GetRungs("search")).ToDictionary(r => r.Epoch, r => r.Losses);

        // The leaderboard: one row per trial, best first, with its values, epochs, best RMSE and state.
        var leaderboard = Rows(html, ReportSections.Search);
        Assert.Equal(plan.Models.Select(m => m.Name).Order(), leaderboard.Keys.Order());
        Assert.Equal(leaderboard.Keys, leaderboard.Values.OrderBy(row => double.Parse(row[5], CultureInfo.InvariantCulture)).Select(row => row[0]));
        foreach (var trial in plan.Models)
        {
            var row = leaderboard[trial.Name];
            var model = status.Model(trial.Name);
            Assert.Equal(trial.Values, [$"lr={row[1]}", $"batch={row[2]}"]);
            Assert.Equal(model.Epoch.ToString(), row[4]);
            Assert.Equal(histories[trial.Name].Min(e => e.ValidationRmsePixels).ToString("F3", CultureInfo.InvariantCulture), row[5]);
            Assert.Equal(model.Phase == ModelPhase.EarlyStopped ? "stopped at a rung" : "Finished", row[6]);
            var reached = rungs.Where(r => r.Value.ContainsKey(trial.Name)).Select(r => r.Key).DefaultIfEmpty(0).Max();
            Assert.Equal(reached == 0 ? "–" : $"epoch {reached}", row[3]);
        }

        // A chart per searched parameter, and every trial's learning curve.
        Assert.Equal(["search-batch", "search-lr"], images.Select(Path.GetFileNameWithoutExtension).Where(n => n!.StartsWith("search-")).Order());
        Assert.Equal(plan.Models.Count, images.Count(i => Path.GetFileName(i).StartsWith("curve-") && Path.GetFileName(i).Contains("trial-")));

        // The rungs at 1 and 2 epochs: how many trials reached each, and those stopped there by name.
        var rungRows = Rows(html, ReportSections.Search, table: 1);
        Assert.Equal(["epoch 1", "epoch 2"], rungRows.Keys);
        foreach (var (epoch, losses) in rungs)
        {
            var row = rungRows[$"epoch {epoch}"];
            Assert.Equal(losses.Count.ToString(), row[1]);
            var stopped = losses.Keys.Where(t => status.Model(t).Phase == ModelPhase.EarlyStopped && !rungs.Any(r => r.Key > epoch && r.Value.ContainsKey(t)));
            Assert.Equal(string.Join(", ", stopped.Order()), row[6]);
        }
        Assert.Contains(status.Models, m => m.Phase == ModelPhase.EarlyStopped);
    }

    /// <summary>The mean shape's validation RMSE, computed here from the split the report says it uses.</summary>
    private static double ExpectedMeanShapeRmse(string slice)
    {
        var all = Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray();
        var split = DataSplit.Grouped(KaggleCsvReader.ReadTraining(slice), new SplitSpec());
        var (train, validation) = (split.Train.Labelled(all), split.Validation.Labelled(all));
        var means = all.Select(c => Enumerable.Range(0, train.Count).Average(face => train.Targets[face * all.Length + c])).ToArray();
        double sum = 0;
        for (int face = 0; face < validation.Count; face++)
            for (int c = 0; c < all.Length; c++)
                sum += Math.Pow(validation.Targets[face * all.Length + c] - means[c], 2);
        return Math.Sqrt(sum / (validation.Count * all.Length));
    }

    /// <summary>The rows of a table after a section heading (the first unless <paramref name="table"/>), by their first cell (text, HTML decoded).</summary>
    private static Dictionary<string, string[]> Rows(string html, string section, int table = 0)
    {
        var start = html.IndexOf($"<h2 id=\"{section}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No section {section}.");
        for (int skipped = 0; skipped < table; skipped++) start = html.IndexOf("</table>", start, StringComparison.Ordinal) + 1;
        var rows = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
        return BodyRow().Matches(rows)
            .Select(row => Cell().Matches(row.Value).Select(c => WebUtility.HtmlDecode(Tag().Replace(c.Groups[1].Value, ""))).ToArray())
            .ToDictionary(cells => cells[0]);
    }

    /// <summary>A kg.json that keeps the embedded silo's state here and puts it on free ports.</summary>
    private string WriteConfiguration()
    {
        int silo = FreePort.Next(), gateway = FreePort.Next();
        var path = Path.Combine(folder, "kg.json");
        File.WriteAllText(path, $$"""
            { "Storage": { "Directory": "{{Path.Combine(folder, "cluster").Replace("\\", "/")}}" },
              "Silo": { "SiloPort": {{silo}}, "GatewayPort": {{gateway}}, "PrimarySiloPort": {{silo}} } }
            """);
        return path;
    }

    [GeneratedRegex("<tr[^>]*>(?:(?!</tr>).)*<td>(?:(?!</tr>).)*</tr>", RegexOptions.Singleline)]
    private static partial Regex BodyRow();

    [GeneratedRegex("<td>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex Cell();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
