using KeypointGrains.Silo.Web;

namespace KeypointGrains.Observability.Tests.Web;

public class WebAccessTests
{
    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://*:8080")]
    [InlineData("http://+:8080")]
    [InlineData("http://[::]:8080")]
    [InlineData("http://10.1.2.3:8080")]
    [InlineData("http://kg-silo-0.example:8080")]
    [InlineData("http://127.0.0.1:8080;http://0.0.0.0:8081")]
    public void A_binding_beyond_loopback_without_credentials_is_refused(string urls)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new WebAccess(urls, null, null).EnsureSafe());
        Assert.Contains("Refusing to start", error.Message);
        Assert.Contains("Dashboard:Username", error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://localhost:8080")]
    [InlineData("http://[::1]:8080;http://127.0.0.2:8081")]
    public void Loopback_needs_no_credentials(string urls) => new WebAccess(urls, null, null).EnsureSafe();

    [Fact]
    public void Credentials_allow_any_binding() => new WebAccess("http://0.0.0.0:8080", "kg", "secret").EnsureSafe();

    [Fact]
    public void The_password_stays_out_of_what_is_printed() =>
        Assert.DoesNotContain("s3cret-pass", new WebAccess("http://0.0.0.0:8080", "kg", "s3cret-pass").ToString());

    [Fact]
    public void A_username_without_a_password_is_an_error() =>
        Assert.Contains("together", Assert.Throws<InvalidOperationException>(() =>
            new WebAccess("http://127.0.0.1:0", "kg", null).EnsureSafe()).Message);

    [Fact]
    public void The_silo_host_refuses_to_build_before_binding_anything() =>
        Assert.Contains("0.0.0.0", Assert.Throws<InvalidOperationException>(() =>
            SiloWebHost.Build(["--Web:Urls=http://0.0.0.0:0", "--Dashboard:Password="])).Message);
}
