using KeypointGrains.Contracts.Campaigns;
using Spectre.Console;

namespace KeypointGrains.Client.Commands;

/// <summary>A campaign's models as one table: where each trains, how far it got and how good its best epoch was.</summary>
public static class CampaignPrinter
{
    public static void Print(CampaignStatus status)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{status.CampaignId}: {status.Phase}, ensemble v{status.ManifestVersion}")
            .AddColumns("model", "state", "epoch", "best", "RMSE px", "s/ep", "img/s", "where");
        foreach (var m in status.Models)
            table.AddRow(m.Model, Markup.Escape(State(m)), m.Epoch.ToString(),
                m.BestEpoch.ToString(), Math.Sqrt(Math.Max(0, m.BestValidationLoss)) * 48 is var best && m.BestEpoch > 0 ? best.ToString("F2") : "",
                m.SecondsPerEpoch.ToString("F1"), m.ImagesPerSecond.ToString("F0"), Markup.Escape($"{Endpoint(m.Silo)} {m.Device}"));
        AnsiConsole.Write(table);
    }

    private static string State(ModelStatus m) =>
        m.Error is not null ? $"{m.Phase}: {m.Error}" : m.WaitsFor is not null ? $"{m.Phase} (waits for {m.WaitsFor})" : m.Phase.ToString();

    /// <summary>"S127.0.0.1:11111:154816169" → "127.0.0.1:11111": the generation number says nothing to a reader.</summary>
    private static string Endpoint(string silo) =>
        silo.TrimStart('S').Split(':') is { Length: >= 2 } parts ? $"{parts[0]}:{parts[1]}" : silo;
}
