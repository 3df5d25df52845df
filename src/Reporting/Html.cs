using System.Globalization;
using System.Net;
using System.Text;

namespace KeypointGrains.Reporting;

/// <summary>Small HTML pieces for the report. Every piece of text that comes from the study goes through <see cref="Text"/>.</summary>
internal static class Html
{
    public static string Text(string text) => WebUtility.HtmlEncode(text);

    public static string Number(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Duration(double seconds) => seconds switch
    {
        < 0 or double.NaN => "–",
        < 60 => Number(seconds, "F1") + " s",
        < 3600 => $"{(int)(seconds / 60)} min {(int)(seconds % 60):00} s",
        _ => $"{(int)(seconds / 3600)} h {(int)(seconds % 3600 / 60):00} min",
    };

    public static string Keypoint(string name) => Text(name.Replace('_', ' '));

    /// <summary>A table; <paramref name="rows"/> hold HTML that is already escaped.</summary>
    public static string Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<bool>? highlight = null)
    {
        var table = new StringBuilder("<table>\n<thead><tr>");
        foreach (var header in headers) table.Append("<th>").Append(Text(header)).Append("</th>");
        table.Append("</tr></thead>\n<tbody>\n");
        int index = 0;
        foreach (var row in rows)
        {
            table.Append(highlight?[index] == true ? "<tr class=\"best\">" : "<tr>");
            foreach (var cell in row) table.Append("<td>").Append(cell).Append("</td>");
            table.Append("</tr>\n");
            index++;
        }
        return table.Append("</tbody>\n</table>\n").ToString();
    }

    public static string Image(string src, string alt, string caption) =>
        $"<figure><img src=\"{Text(src)}\" alt=\"{Text(alt)}\"><figcaption>{caption}</figcaption></figure>\n";

    public const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 72rem;
               padding: 0 1rem; color: #222; line-height: 1.45; }
        h1 { margin-bottom: .2rem; } h2 { border-bottom: 1px solid #ccc; margin-top: 2.5rem; padding-bottom: .2rem; }
        nav a { margin-right: 1rem; } .note { color: #666; font-style: italic; }
        table { border-collapse: collapse; margin: .8rem 0; font-variant-numeric: tabular-nums; }
        th, td { border: 1px solid #ccc; padding: .25rem .6rem; text-align: right; }
        th:first-child, td:first-child { text-align: left; } th { background: #f2f2f2; }
        tr.best td { background: #e8f6e8; font-weight: 600; }
        .grid { display: flex; flex-wrap: wrap; gap: 1rem; }
        figure { margin: 0 0 1rem 0; } figcaption { font-size: .9rem; color: #444; text-align: center; }
        img { max-width: 100%; height: auto; border: 1px solid #ddd; }
        .truth { color: #00a000; font-weight: 700; } .prediction { color: #e00000; font-weight: 700; }
        footer { margin-top: 3rem; font-size: .8rem; color: #888; }
        """;
}
