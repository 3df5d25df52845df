namespace KeypointGrains.Keypoints.Tuning;

/// <summary>Learning curves recorded from real trials, shipped with the library for simulated searches.</summary>
public static class ShippedCurves
{
    /// <summary>
    /// How far apart runs of one recipe land by their seed alone (px, standard deviation of the best validation RMSE):
    /// an assumption of about 2 % of the best RMSE, as two seeds of one recipe differed on an H200 (1.571 and 1.611 px);
    /// not yet measured for the shipped curves.
    /// </summary>
    public const double SeedSpreadPixels = 0.05;

    /// <summary>
    /// 16 cnn-small trials of the quick recipe (peak rate 3e-4..1e-2, batch 16/32/64, affine warps or none; seed 42), 9
    /// epochs each on 400 training faces, validated on the grouped split's 721 faces, on two shared CPU cores.
    /// </summary>
    public static IReadOnlyList<RecordedCurve> CnnSmallCpu()
    {
        const string name = "cnn-small-cpu.csv";
        using var stream = typeof(ShippedCurves).Assembly.GetManifestResourceStream($"{typeof(ShippedCurves).Namespace}.Curves.{name}")
            ?? throw new InvalidOperationException($"The shipped curves {name} are missing from this build.");
        using var reader = new StreamReader(stream);
        return RecordedCurve.Read(reader, name);
    }
}
