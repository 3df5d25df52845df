using System.Diagnostics;
using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;
using Xunit.Abstractions;

namespace KeypointGrains.Keypoints.Tests.Augment;

/// <summary>
/// Every augmentation over the 3600 real training faces: outputs stay valid, and the throughput is written to the test
/// output (no timing asserts: this machine is shared, so next to wall-clock rates it reports faces per CPU-second on one
/// thread, which other processes' load barely moves).
/// </summary>
public class RealFaceThroughputTests(ITestOutputHelper output)
{
    private const int BatchSize = 128;

    [SkippableFact]
    public void Every_augmentation_keeps_real_faces_valid_and_reports_its_throughput()
    {
        var load = Stopwatch.StartNew();
        var faces = Data.RealFaces.Training;
        output.WriteLine($"read {faces.Count} faces in {load.Elapsed.TotalSeconds:f1} s; {Environment.ProcessorCount} cores");

        var result = new float[faces.Pixels.Length];
        foreach (var name in AugmentationRegistry.ExpansionNames)
        {
            var augmentation = AugmentationRegistry.Parse(name).Expansions.Single();
            var (parallel, _) = FacesPerSecond(faces.Count, () => Parallel.For(0, faces.Count, face =>
                augmentation.Apply(faces.Image(face), result.AsSpan(face * KeypointSchema.PixelCount, KeypointSchema.PixelCount))));
            var (_, perCpuSecond) = FacesPerSecond(faces.Count, () =>
            {
                for (int face = 0; face < faces.Count; face++)
                    augmentation.Apply(faces.Image(face), result.AsSpan(face * KeypointSchema.PixelCount, KeypointSchema.PixelCount));
            });
            output.WriteLine($"{name,-10} {parallel,8:f0} faces/s parallel (wall), {perCpuSecond,8:f0} faces per CPU-second on one thread");
            AssertWithin(result, 0f, 1f, name);
        }

        var ((affineRate, affineCpu), lost) = AffineOverBatches(faces);
        output.WriteLine($"{"affine",-10} {affineRate,8:f0} faces/s parallel (wall), {affineCpu,8:f0} faces per CPU-second, " +
            $"in batches of {BatchSize} (keypoints and pixels); " +
            $"{lost:P2} of present keypoints pushed out of the image");
        Assert.True(lost < 0.02, $"the default affine range should rarely push keypoints out; it lost {lost:P2}");
    }

    private ((double Wall, double Cpu) FacesPerSecond, double LostFraction) AffineOverBatches(FaceSet faces)
    {
        var pixels = (float[])faces.Pixels.Clone();
        var targets = (float[])faces.Targets.Clone();
        var affine = new AffineAugmentation();
        var rng = new Random(42);
        int width = faces.Columns.Count;
        var rate = FacesPerSecond(faces.Count, () =>
        {
            for (int start = 0; start < faces.Count; start += BatchSize)
            {
                int count = Math.Min(BatchSize, faces.Count - start);
                affine.Apply(pixels.AsSpan(start * KeypointSchema.PixelCount, count * KeypointSchema.PixelCount),
                    targets.AsSpan(start * width, count * width), faces.Columns, count, rng);
            }
        });
        AssertWithin(pixels, 0f, 1f, "affine pixels");
        var moved = targets.Where(v => !float.IsNaN(v)).ToArray();
        AssertWithin(moved, -0.5f, 95.5f, "affine keypoints");
        int present = faces.Targets.Count(v => !float.IsNaN(v));
        int kept = moved.Length;
        return (rate, (present - kept) / (double)present);
    }

    /// <summary>One pass, one assert: xunit's per-element asserts would take longer than the transforms over 33 M values.</summary>
    private static void AssertWithin(float[] values, float low, float high, string what)
    {
        int outside = Array.FindIndex(values, v => !(v >= low && v <= high));
        Assert.True(outside < 0, $"{what}: value {(outside < 0 ? 0 : values[outside])} at {outside} is outside {low}..{high}");
    }

    /// <summary>Faces per wall-clock second and per CPU-second of this process.</summary>
    private static (double Wall, double Cpu) FacesPerSecond(int faces, Action run)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        run();
        process.Refresh();
        return (faces / clock.Elapsed.TotalSeconds, faces / (process.TotalProcessorTime - cpu).TotalSeconds);
    }
}
