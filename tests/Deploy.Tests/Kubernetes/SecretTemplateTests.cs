using System.Text.RegularExpressions;
using KeypointGrains.Deploy.Tests.Yaml;

namespace KeypointGrains.Deploy.Tests.Kubernetes;

public partial class SecretTemplateTests
{
    /// <summary>Azurite's development account key, published in Azurite's documentation; the only key allowed in deploy/.</summary>
    public const string AzuriteDevelopmentKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static IEnumerable<Manifest> Templates => KubernetesManifests.All.Where(manifest => manifest.IsTemplate);

    [Fact]
    public void Templates_are_the_storage_and_dashboard_secrets() =>
        Assert.Equal(new[] { "Secret/kg-dashboard", "Secret/kg-storage" },
            Templates.Select(template => $"{template.Kind}/{template.Name}").Order());

    [Fact]
    public void Secret_templates_hold_only_placeholders()
    {
        Assert.All(Templates, template =>
        {
            // data: would hold base64 values, which hide what they are.
            Assert.Null(template.Node.At("data"));
            var values = template.Node.At("stringData").TextEntries();
            Assert.NotEmpty(values);
            Assert.All(values, entry => Assert.Matches(Placeholder(), entry.Value));
            Assert.All(values, entry => Assert.DoesNotMatch(KeyLike(), entry.Value));
        });
    }

    [Fact]
    public void No_file_in_deploy_holds_an_account_key_other_than_azurites_published_one()
    {
        var files = RepositoryRoot.Files("deploy", "");

        Assert.All(files, path =>
        {
            var text = File.ReadAllText(path);
            foreach (Match key in AccountKey().Matches(text))
                Assert.True(key.Groups["key"].Value is AzuriteDevelopmentKey || Placeholder().IsMatch(key.Groups["key"].Value),
                    $"{RepositoryRoot.Relative(path)} holds an account key that is not a placeholder.");
            Assert.DoesNotMatch(SharedAccessSignature(), text);
        });
    }

    [Fact]
    public void The_checks_above_recognise_a_real_looking_key()
    {
        const string pasted = "DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=" +
                              "q83vEjXd9bVZ2YnJw1Xq1c2FvRm0qL7v8dT3kPz4nW6yB5hU0sA9gC1eF2iJ3oK7mN8pQ9rS0tU1vW2xY3zA4b==";

        Assert.Matches(KeyLike(), pasted);
        Assert.DoesNotMatch(Placeholder(), AccountKey().Match(pasted).Groups["key"].Value);
    }

    [GeneratedRegex("<[a-z0-9-]+>")]
    private static partial Regex Placeholder();

    // 40+ base64 characters in a row: the shape of a storage key or a SAS signature.
    [GeneratedRegex("[A-Za-z0-9+/]{40,}={0,2}")]
    private static partial Regex KeyLike();

    [GeneratedRegex(@"AccountKey=(?<key>[^;""\s]+)")]
    private static partial Regex AccountKey();

    [GeneratedRegex(@"SharedAccessSignature=|[?&]sig=[A-Za-z0-9%]{20,}")]
    private static partial Regex SharedAccessSignature();
}
