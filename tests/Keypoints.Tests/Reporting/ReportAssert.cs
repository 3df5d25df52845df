using System.Text.RegularExpressions;
using KeypointGrains.Reporting;

namespace KeypointGrains.Keypoints.Tests.Reporting;

/// <summary>Checks a written report: every section is there and every picture it shows exists as a PNG.</summary>
internal static partial class ReportAssert
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <returns>The report's HTML and the image files it references.</returns>
    public static (string Html, IReadOnlyList<string> Images) Complete(string reportPath)
    {
        Assert.True(File.Exists(reportPath), $"{reportPath} was not written.");
        var html = File.ReadAllText(reportPath);
        foreach (var id in ReportSections.All)
            Assert.Matches($"<h2 id=\"{id}\">", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);

        var folder = Path.GetDirectoryName(reportPath)!;
        var images = ImageSource().Matches(html).Select(m => Path.Combine(folder, m.Groups[1].Value)).ToArray();
        foreach (var image in images)
        {
            Assert.True(File.Exists(image), $"{image} is referenced but missing.");
            var bytes = File.ReadAllBytes(image);
            Assert.True(bytes.Length > PngSignature.Length, $"{image} is empty.");
            Assert.Equal(PngSignature, bytes[..PngSignature.Length]);
        }
        return (html, images);
    }

    [GeneratedRegex("<img src=\"([^\"]+)\"")]
    private static partial Regex ImageSource();
}
