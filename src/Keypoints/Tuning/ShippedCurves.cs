namespace KeypointGrains.Keypoints.Tuning;

/// <summary>Learning curves recorded from real trials, shipped with the library for simulated searches.</summary>
public static class ShippedCurves
{
    /// <summary>
    /// How far apart runs of one recipe land by their seed alone (px, standard deviation of the best validation RMSE),
    /// measured with the shipped curves' best recipe.
    /// </summary>
    public const double SeedSpreadPixels = 0.05;

    /// <summary>16 cnn-small trials of the quick recipe (peak rate, batch size, affine warps or none), 9 epochs each, on two CPU cores.</summary>
    public static IReadOnlyList<RecordedCurve> CnnSmallCpu()
    {
        const string name = "cnn-small-cpu.csv";
        using var stream = typeof(ShippedCurves).Assembly.GetManifestResourceStream($"{typeof(ShippedCurves).Namespace}.Curves.{name}")
            ?? throw new InvalidOperationException($"The shipped curves {name} are missing from this build.");
        using var reader = new StreamReader(stream);
        return RecordedCurve.Read(reader, name);
    }
}
