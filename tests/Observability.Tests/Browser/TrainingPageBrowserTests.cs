using KeypointGrains.Client.Commands;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Observability.Tests.Support;
using Microsoft.Playwright;
using CampaignPlans = KeypointGrains.Cluster.Tests.Support.Campaigns;

namespace KeypointGrains.Observability.Tests.Browser;

/// <summary>
/// The live training page in a real headless Chromium (Debian's, driven by Playwright) while a tiny campaign trains.
/// Screenshots go to TestResults/screenshots/ at the repository root (CI keeps them).
/// </summary>
[Collection(RunningSiloCollection.Name)]
public class TrainingPageBrowserTests(RunningSilo silo)
{
    // A budget no model reaches, however fast its epochs: the test ends the runs once it has seen a curve grow.
    private const int EpochBudget = 1000;
    private static readonly string Screenshots = Path.Combine(RepositoryRoot.Path, "TestResults", "screenshots");

    [SkippableFact]
    public async Task The_training_page_shows_the_seven_models_and_their_curves_grow_while_the_campaign_trains()
    {
        var chromium = HeadlessChromium.Find();
        Skip.If(chromium is null, "Chromium is not installed (Debian: apt-get install chromium); the browser test is skipped.");
        var data = TestData.TrainingCsv();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright, chromium!);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            HttpCredentials = new HttpCredentials { Username = RunningSilo.Username, Password = RunningSilo.Password },
            ViewportSize = new ViewportSize { Width = 1360, Height = 900 },
        });
        var page = await context.NewPageAsync();
        // Opened before the campaign exists: the page has to pick it up on its own.
        await page.GotoAsync(new Uri(silo.Address, "/training?campaign=browser&poll=250").ToString());
        await page.GetByText("has not been started").WaitForAsync();

        await silo.Campaigns.StartCampaign(CampaignPlans.Tiny("browser", data, EpochBudget));
        var models = page.Locator("article.model");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('article.model').length === 7");
        var names = await models.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.model)");
        Assert.Equal(CampaignPlans.Tiny("browser", data).Models.Select(m => m.Name).Order(), names.Order());

        await CurveGrowsWhileTraining(page);
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "training-page.png"), FullPage = true });

        await silo.Campaigns.RequestStop("browser");
        var done = await CampaignPlans.Completion(silo.Campaigns, "browser", TimeSpan.FromMinutes(4));
        var epochs = string.Join(",", done.Models.Select(m => $"'{m.Model}':{m.Epoch}"));
        // Every card ends finished with a point for each epoch its model trained.
        await page.WaitForFunctionAsync(
            $"() => {{ const epochs = {{{epochs}}}; return [...document.querySelectorAll('article.model')].every(c => c.dataset.state === 'finished' && Number(c.querySelector('svg').dataset.points) === epochs[c.dataset.model]); }}");
        Assert.Contains("ensemble version 7", await page.Locator("#summary").InnerTextAsync());
        Assert.Contains("cpu", await models.First.Locator("dd").AllInnerTextsAsync());
        // The campaign registry lists it (the page refreshes its list every fifth poll).
        await page.Locator("nav a", new() { HasText = "browser" }).WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "training-page-completed.png"), FullPage = true });

        // The Orleans Dashboard of the same silo, behind the same credentials.
        await page.GotoAsync(new Uri(silo.Address, "/dashboard/").ToString());
        await page.GetByText("Active silos").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "orleans-dashboard.png") });
    }

    /// <summary>
    /// Watches every card until one that is training and already shows points shows more of them later: the page drew
    /// new epochs as they arrived, not only the finished curve.
    /// </summary>
    private static async Task CurveGrowsWhileTraining(IPage page)
    {
        var firstSeen = new Dictionary<string, int>();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var cards = await page.Locator("article.model").EvaluateAllAsync<Card[]>(
                "cards => cards.map(c => ({ model: c.dataset.model, state: c.dataset.state, points: Number(c.querySelector('svg').dataset.points) }))");
            foreach (var card in cards.Where(c => c.Points > 0))
            {
                if (firstSeen.TryGetValue(card.Model, out var first) && card.Points > first) return;
                if (!firstSeen.ContainsKey(card.Model) && card.State == "training") firstSeen[card.Model] = card.Points;
            }
            Assert.False(cards.All(c => c.State is "finished" or "early-stopped" or "failed"),
                $"The campaign ended before the page showed a curve growing (first points seen: {string.Join(", ", firstSeen)}).");
            await Task.Delay(100);
        }
        Assert.Fail("No curve on the page gained points within 3 minutes.");
    }

    /// <summary>A card as the page shows it (settable properties: Playwright fills them from the page's objects).</summary>
    private sealed class Card
    {
        public string Model { get; set; } = "";
        public string State { get; set; } = "";
        public int Points { get; set; }
    }
}
