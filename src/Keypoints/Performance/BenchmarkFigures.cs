using System.Globalization;

namespace KeypointGrains.Keypoints.Performance;

/// <summary>Benchmark results as ordered key=value lines, the form scripts and notes read.</summary>
public sealed class BenchmarkFigures
{
    private readonly List<(string Key, string Value)> figures = [];

    public IReadOnlyList<(string Key, string Value)> All => figures;

    public void Add(string key, double value) => figures.Add((key, value.ToString("0.###", CultureInfo.InvariantCulture)));

    public void Add(string key, string value) => figures.Add((key, value));

    public override string ToString() => string.Join(Environment.NewLine, figures.Select(f => $"{f.Key}={f.Value}"));
}
