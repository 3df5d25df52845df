using System.Globalization;

namespace KeypointGrains.Keypoints.Tuning;

/// <summary>
/// One real trial's learning curve: its best validation RMSE (px) after each epoch and the seconds each epoch took.
/// Files hold one line an epoch, <c>trial,recipe,epoch,val_rmse_px,seconds</c>, as <c>kg bench tune --record</c> writes
/// them.
/// </summary>
public sealed record RecordedCurve(string Recipe, IReadOnlyList<double> RmsePixels, IReadOnlyList<double> EpochSeconds)
{
    public const string Header = "trial,recipe,epoch,val_rmse_px,seconds";

    public int Epochs => RmsePixels.Count;

    /// <summary>The best RMSE over the first <paramref name="epochs"/> epochs (what a trial reports at a rung).</summary>
    public double BestAfter(int epochs) => RmsePixels.Take(epochs).Min();

    public static IReadOnlyList<RecordedCurve> Read(TextReader reader, string source)
    {
        var header = reader.ReadLine();
        if (header?.Trim() != Header) throw new FormatException($"{source}: line 1 must be '{Header}', not '{header}'.");
        var rows = new List<(int Trial, string Recipe, int Epoch, double Rmse, double Seconds)>();
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var fields = line.Split(',');
            if (fields.Length != 5
                || !int.TryParse(fields[0], CultureInfo.InvariantCulture, out var trial)
                || !int.TryParse(fields[2], CultureInfo.InvariantCulture, out var epoch)
                || !double.TryParse(fields[3], CultureInfo.InvariantCulture, out var rmse) || !double.IsFinite(rmse)
                || !double.TryParse(fields[4], CultureInfo.InvariantCulture, out var seconds) || !(seconds > 0))
                throw new FormatException($"{source}: line {lineNumber} is not trial,recipe,epoch,val_rmse_px,seconds with numbers: '{line}'.");
            rows.Add((trial, fields[1], epoch, rmse, seconds));
        }
        var curves = rows.GroupBy(r => r.Trial).OrderBy(g => g.Key).Select(trial =>
        {
            var epochs = trial.OrderBy(r => r.Epoch).ToArray();
            if (epochs.Select((r, i) => r.Epoch != i + 1).Any(gap => gap))
                throw new FormatException($"{source}: trial {trial.Key}'s epochs must run 1, 2, 3, … without gaps.");
            return new RecordedCurve(epochs[0].Recipe, epochs.Select(r => r.Rmse).ToArray(), epochs.Select(r => r.Seconds).ToArray());
        }).ToArray();
        if (curves.Length == 0) throw new FormatException($"{source}: no curves.");
        return curves;
    }

    public static void Write(TextWriter writer, IReadOnlyList<RecordedCurve> curves)
    {
        writer.WriteLine(Header);
        for (var trial = 0; trial < curves.Count; trial++)
            for (var epoch = 0; epoch < curves[trial].Epochs; epoch++)
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{trial},{curves[trial].Recipe.Replace(',', ';')},{epoch + 1},{curves[trial].RmsePixels[epoch]:0.#####},{curves[trial].EpochSeconds[epoch]:0.###}"));
    }
}
