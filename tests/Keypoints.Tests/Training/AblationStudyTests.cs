using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Reporting;

namespace KeypointGrains.Keypoints.Tests.Training;

public class AblationStudyTests
{
    [SkippableFact]
    public void Each_change_of_the_best_recipe_is_undone_alone_and_all_are_scored_on_the_same_faces()
    {
        var faces = FkdSlice.Load(240);
        var best = TrainingPresets.Resolve(TrainingPresets.Best, "mlp");
        var preset = best with { Recipe = best.Recipe with { MaxEpochs = 1, Patience = 1, WarmupEpochs = 0 } };
        var study = new AblationStudy("slice.csv", faces, preset, new TrainerSetup { Device = "cpu" });
        var epochs = new List<string>();

        var runs = study.Run((run, epoch) => epochs.Add($"{run}@{epoch.Epoch}"));

        // mlp is not the seed's network, AdamW + cosine not its optimizer, 64 not its batch; best trains every row, warps
        // faces, mirrors none.
        string[] trained = [AblationStudy.Full, "network", "optimizer", "batch size", "all rows", "augmentation", "training flips"];
        Assert.Equal(trained, study.Runs.Select(r => r.Name));
        // Each run is a whole-face spec of the same file and split; only its recipe differs from the full run's.
        Assert.All(study.Runs, r => Assert.Equal(study.Runs[0].Spec with { Recipe = r.Spec.Recipe }, r.Spec));
        Assert.Equal(preset.Recipe, study.Runs[0].Spec.Recipe);
        Assert.Equal([.. trained, "flip averaging"], runs.Select(r => r.Name));
        Assert.Equal(trained.Select(run => $"{run}@1"), epochs);
        var full = runs[0];
        Assert.Equal("cnn-large", runs.Single(r => r.Name == "network").Network);
        Assert.Equal("the seed's batch of 128 instead of 64", runs.Single(r => r.Name == "batch size").Change);
        Assert.True(runs.Single(r => r.Name == "all rows").TrainingFaces < full.TrainingFaces);
        Assert.All(runs, r => Assert.True(double.IsFinite(r.RmsePixels) && r.RmsePixels > 0, r.ToString()));
        // Flip averaging only changes prediction: the full run's model, rescored without it.
        var single = runs.Single(r => r.Name == "flip averaging");
        Assert.Equal((full.Epochs, full.TrainingFaces, 0.0), (single.Epochs, single.TrainingFaces, single.Seconds));
        Assert.NotEqual(full.RmsePixels, single.RmsePixels);
        Assert.All(study.Validation.Targets, v => Assert.False(float.IsNaN(v)));

        // The study file carries the runs to kg report.
        using var folder = new TemporaryFolder();
        var file = new AblationStudyFile("training.csv", preset.Name, full.TrainingFaces, study.Validation.Count, 42, runs);
        file.Write(folder.File(AblationStudyFile.FileName));
        var read = AblationStudyFile.Read(folder.File(AblationStudyFile.FileName));
        Assert.Equal(runs, read.Runs);
        var html = File.ReadAllText(StudyReport.Write(Tests.Reporting.SyntheticStudy.Build() with { Ablations = read }, folder.File("report")));
        Assert.Contains("id=\"ablations\"", html);
        Assert.Contains("one pass instead of averaging with the mirrored face", html);
    }

    [Fact]
    public void A_file_without_the_full_run_is_refused_naming_it()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("a.json"), """{ "Data": "x", "Preset": "best", "Runs": [] }""");
        var error = Assert.Throws<InvalidDataException>(() => AblationStudyFile.Read(folder.File("a.json")));
        Assert.Contains("a.json", error.Message);
    }
}
