using System.Text;
using KeypointGrains.Keypoints.Storage;

namespace KeypointGrains.Reporting;

/// <summary>The PNGs of one report, written atomically into its image folder under names made safe for a URL.</summary>
internal sealed class ReportImages(string reportFolder)
{
    public const string Folder = "img";

    /// <summary>Renders and disposes <paramref name="figure"/>; returns the src to use from report.html.</summary>
    public string Save(Figure figure, string name)
    {
        using (figure) return Save(figure.Png(), name);
    }

    /// <summary>Writes an encoded PNG; returns the src to use from report.html.</summary>
    public string Save(byte[] png, string name)
    {
        var file = Slug(name) + ".png";
        AtomicFile.Write(Path.Combine(reportFolder, Folder, file), stream => stream.Write(png));
        return Folder + "/" + file;
    }

    private static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        return slug.ToString().TrimEnd('-');
    }
}
