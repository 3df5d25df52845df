using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KeypointGrains.Observability.Tests.Support;

namespace KeypointGrains.Observability.Tests.Web;

[Collection(RunningSiloCollection.Name)]
public class SiloWebEndpointTests(RunningSilo silo)
{
    /// <summary>The silo binds every interface (0.0.0.0): beyond loopback, nothing but /health and /metrics answers a stranger.</summary>
    [Theory]
    [InlineData("/dashboard/")]
    [InlineData("/training")]
    [InlineData("/api/campaigns")]
    public async Task Dashboards_ask_for_the_configured_credentials(string path)
    {
        var anonymous = await silo.Get(path, authenticated: false);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.OK, (await silo.Get(path)).StatusCode);
    }

    [Fact]
    public async Task The_Orleans_Dashboard_answers_on_loopback()
    {
        var page = await silo.Get("/dashboard/");
        page.EnsureSuccessStatusCode();
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        // Its data comes from the cluster through the dashboard's grains.
        var counters = await silo.Get("/dashboard/DashboardCounters");
        counters.EnsureSuccessStatusCode();
        Assert.Contains("totalActiveHostCount", await counters.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_answers_without_credentials_once_the_silo_is_active()
    {
        var health = await silo.Get("/health", authenticated: false);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_campaign_is_not_found()
    {
        var response = await silo.Get("/api/campaigns/no-such-campaign");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "/api/campaigns/bad%20id", "' '" },
        { "/api/campaigns/..hidden", "starts with a dot" },
        { "/api/campaigns/" + new string('a', 101), "at most 100 characters" },
        { "/api/campaigns/ok?after=-1", "'after'" },
        { "/api/campaigns/ok?after=ten", "'after'" },
        { "/api/campaigns/ok?after=99999999999", "'after'" },
        { "/api/campaigns/ok?known=1.5", "'known'" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_campaign_id_or_epoch_count_is_a_400_that_says_what_is_wrong(string path, string named)
    {
        var response = await silo.Get(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
        Assert.Contains(named, error);
    }
}
