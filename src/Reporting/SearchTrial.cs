namespace KeypointGrains.Reporting;

/// <summary>
/// One trial of a recipe search: its values of the searched parameters, the epochs it trained, its best validation
/// RMSE (NaN before its first epoch), its state in words, and whether the successive halving stopped it at a rung.
/// </summary>
public sealed record SearchTrial(
    string Name,
    IReadOnlyList<KeyValuePair<string, string>> Values,
    int Epochs,
    double BestRmsePixels,
    string State,
    bool StoppedAtRung)
{
    public string? Value(string parameter) => Values.FirstOrDefault(v => v.Key == parameter).Value;
}
