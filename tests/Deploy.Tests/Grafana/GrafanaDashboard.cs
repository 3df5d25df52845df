using System.Text.Json;

namespace KeypointGrains.Deploy.Tests.Grafana;

public sealed record DashboardQuery(string Panel, string RefId, string Expression);

/// <summary>deploy/grafana/keypointgrains-dashboard.json.</summary>
public sealed class GrafanaDashboard(JsonElement root)
{
    public const string RelativePath = "deploy/grafana/keypointgrains-dashboard.json";

    public static GrafanaDashboard Shipped { get; } =
        new(JsonDocument.Parse(File.ReadAllText(RepositoryRoot.File(RelativePath))).RootElement);

    public JsonElement Root => root;

    /// <summary>Every panel, including those nested in collapsed rows.</summary>
    public IReadOnlyList<JsonElement> Panels { get; } = root.GetProperty("panels").EnumerateArray()
        .SelectMany(panel => panel.TryGetProperty("panels", out var nested) ? nested.EnumerateArray().Prepend(panel) : [panel])
        .ToList();

    public IEnumerable<JsonElement> DataPanels => Panels.Where(panel => panel.GetProperty("type").GetString() != "row");

    public IEnumerable<DashboardQuery> Queries => DataPanels.SelectMany(panel => Targets(panel).Select(target =>
        new DashboardQuery(Title(panel), target.GetProperty("refId").GetString()!, target.GetProperty("expr").GetString()!)));

    public IReadOnlySet<string> VariableNames => root.GetProperty("templating").GetProperty("list").EnumerateArray()
        .Select(variable => variable.GetProperty("name").GetString()!).ToHashSet();

    public string Expression(string panel, string refId) =>
        Queries.Single(query => query.Panel == panel && query.RefId == refId).Expression;

    public static string Title(JsonElement panel) => panel.GetProperty("title").GetString()!;

    public static IEnumerable<JsonElement> Targets(JsonElement panel) =>
        panel.TryGetProperty("targets", out var targets) ? targets.EnumerateArray() : [];

    /// <summary>
    /// The query as Grafana sends it with the default selections: job kg-silo (the compose scrape job), all
    /// campaigns and request kinds, and a 5 m rate window (Grafana's $__rate_interval is at least 4 scrapes).
    /// </summary>
    public static string AsSent(string expression) => expression
        .Replace("$__rate_interval", "5m")
        .Replace("$__range", "1h")
        .Replace("$job", "kg-silo")
        .Replace("$campaign", ".*")
        .Replace("$kind", ".*");
}
