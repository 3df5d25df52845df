using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Observability.Tests.Support;
using Microsoft.Playwright;

namespace KeypointGrains.Observability.Tests.Browser;

/// <summary>
/// The photo page in a real headless Chromium: a photo picked on the page is sent to /api/photos, and every keypoint is
/// drawn where the API placed it, with its name on hover. Screenshots go to TestResults/screenshots/.
/// </summary>
[Collection(ServingSiloCollection.Name)]
public class PhotoPageBrowserTests(ServingSilo silo)
{
    private const double Tolerance = 2.0;
    private static readonly string Screenshots = Path.Combine(RepositoryRoot.Path, "TestResults", "screenshots");

    [SkippableFact]
    public async Task The_photo_page_draws_every_keypoint_within_2_px_of_the_APIs_answer_and_names_it_on_hover()
    {
        var chromium = HeadlessChromium.Find();
        Skip.If(chromium is null, "Chromium is not installed (Debian: apt-get install chromium); the browser test is skipped.");
        silo.RequireCampaign();
        // A frame of photos/ as it comes (JPEG, a few hundred pixels wide).
        var photo = Directory.EnumerateFiles(Path.Combine(TestData.Photos(), "images"), "*.jpg").Order().First();
        var expected = await ApiAnswer(photo);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright, chromium!);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        await page.GotoAsync(new Uri(silo.Address, $"/photos?campaign={ServingSilo.Campaign}").ToString());
        await page.Locator("#file").SetInputFilesAsync(photo);
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#overlay g[data-face=\"0\"] circle').length === 15");
        Assert.Contains($"{expected.Count} face", await page.Locator("#summary").InnerTextAsync());

        // Where each point was drawn, in the photo's pixels: its centre on screen, through the displayed photo's rectangle.
        var drawn = await page.EvaluateAsync<DrawnPoint[]>("""
            () => {
              const photo = document.getElementById("photo").getBoundingClientRect();
              const overlay = document.getElementById("overlay");
              const width = Number(overlay.dataset.width), height = Number(overlay.dataset.height);
              return [...overlay.querySelectorAll('g[data-face="0"] circle')].map(c => {
                const r = c.getBoundingClientRect();
                return { name: c.dataset.name,
                         x: (r.left + r.width / 2 - photo.left) * width / photo.width - 0.5,
                         y: (r.top + r.height / 2 - photo.top) * height / photo.height - 0.5 };
              });
            }
            """);
        Assert.Equal(KeypointSchema.Keypoints.Order(), drawn.Select(p => p.Name).Order());
        foreach (var point in drawn)
        {
            var (x, y) = expected.Largest[point.Name];
            double off = Math.Sqrt((point.X - x) * (point.X - x) + (point.Y - y) * (point.Y - y));
            Assert.True(off <= Tolerance, $"{point.Name} drawn at ({point.X:F1}, {point.Y:F1}), the API said ({x:F1}, {y:F1}): {off:F2} px apart");
        }

        var nose = page.Locator("#overlay g[data-face=\"0\"] circle[data-name=\"nose_tip\"]");
        await nose.HoverAsync();
        await Assertions.Expect(page.Locator("#tip")).ToBeVisibleAsync();
        Assert.Equal("nose_tip", await page.Locator("#tip").InnerTextAsync());
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "photo-page.png"), FullPage = true });
    }

    /// <summary>What POST /api/photos answers for the file: its face count and the largest face's keypoints by name.</summary>
    private async Task<(int Count, Dictionary<string, (double X, double Y)> Largest)> ApiAnswer(string file)
    {
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var response = await silo.Http.PostAsync($"/api/photos?campaign={ServingSilo.Campaign}", content);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, answer.ToString());
        Assert.Equal(ServingSilo.Campaign, answer.GetProperty("campaign").GetString());
        Assert.Equal(silo.Manifest.Version, answer.GetProperty("ensembleVersion").GetInt32());
        var faces = answer.GetProperty("faces");
        Assert.True(faces.GetArrayLength() > 0, $"No face found in {file}: {answer}");
        var box = faces[0].GetProperty("box");
        Assert.True(box.GetProperty("width").GetDouble() > 0 && box.GetProperty("x").GetDouble() >= 0, box.ToString());
        var keypoints = faces[0].GetProperty("keypoints").EnumerateObject()
            .ToDictionary(p => p.Name, p => (p.Value.GetProperty("x").GetDouble(), p.Value.GetProperty("y").GetDouble()));
        return (faces.GetArrayLength(), keypoints);
    }

    private sealed class DrawnPoint
    {
        public string Name { get; set; } = "";
        public double X { get; set; }
        public double Y { get; set; }
    }
}
