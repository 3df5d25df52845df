using System.ComponentModel;
using KeypointGrains.Client.Commands;
using KeypointGrains.Client.Configuration;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Bench;

/// <summary>The faces a throughput or latency benchmark sends: the first complete ones of a file, or random ones.</summary>
public class BenchFacesSettings : GlobalSettings
{
    [CommandOption("--data <PATH>")]
    [Description("Faces to use (default: random faces; throughput does not depend on pixel values).")]
    public string? Data { get; init; }

    [CommandOption("--images <N>")]
    [Description("Faces to use (default 1280).")]
    public int? Images { get; init; }

    /// <summary>The faces, and a key=value line that says where they came from.</summary>
    public (FaceSet Faces, string Source) Faces(KgConfiguration config)
    {
        var images = config.Resolve(Images, "bench", "images", 1280);
        var data = config.Resolve(Data, "bench", "data");
        var faces = data is null ? RandomFaces(images, seed: 1) : FirstFaces(KaggleCsvReader.ReadTraining(data), images);
        return (faces, $"data={(data is null ? "synthetic" : Path.GetFileName(data))}");
    }

    private static FaceSet FirstFaces(FaceSet faces, int count)
    {
        var complete = faces.Labelled(Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray());
        return complete.Select(Enumerable.Range(0, Math.Min(count, complete.Count)).ToArray());
    }

    private static FaceSet RandomFaces(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[count * KeypointSchema.PixelCount];
        var targets = new float[count * KeypointSchema.ColumnCount];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = random.NextSingle();
        for (int i = 0; i < targets.Length; i++) targets[i] = 20 + 56 * random.NextSingle();
        return new FaceSet(pixels, targets, Enumerable.Range(1, count).ToArray(), Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray());
    }
}
