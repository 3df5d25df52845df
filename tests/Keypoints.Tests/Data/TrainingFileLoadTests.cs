using System.Diagnostics;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;
using Xunit.Abstractions;

namespace KeypointGrains.Keypoints.Tests.Data;

/// <summary>Runs alone (after the parallel tests), so that the load time it reports is not other tests' CPU time.</summary>
[CollectionDefinition(nameof(TrainingFileLoadTests), DisableParallelization = true)]
[Collection(nameof(TrainingFileLoadTests))]
public class TrainingFileLoadTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Reads_the_real_training_file_with_kaggles_missing_value_pattern()
    {
        var path = TestData.Fkd("training.csv.gz");
        var clock = Stopwatch.StartNew();
        var faces = KaggleCsvReader.ReadTraining(path);
        output.WriteLine($"loaded {faces.Count} faces from {Path.GetFileName(path)} in {clock.ElapsedMilliseconds} ms " +
                         $"on {Environment.ProcessorCount} cores");

        Assert.Equal(3600, faces.Count);
        Assert.Equal(Enumerable.Range(0, 30), faces.Columns);
        Assert.Equal(Enumerable.Range(1, 3600), faces.Ids);
        Assert.Equal(3600 * KeypointSchema.PixelCount, faces.Pixels.Length);
        // First data line: left_eye_center_x is 68.9085, the first grey level 95.
        Assert.Equal(68.9085f, faces.Target(0)[0]);
        Assert.Equal(95 / 255f, faces.Image(0)[0]);
        Assert.InRange(faces.Pixels.Min(), 0f, 1f);
        Assert.InRange(faces.Pixels.Max(), 0f, 1f);
        Assert.InRange(faces.Targets.Where(t => !float.IsNaN(t)).Min(), 0f, 96f);
        Assert.InRange(faces.Targets.Where(t => !float.IsNaN(t)).Max(), 0f, 96f);
    }
}
