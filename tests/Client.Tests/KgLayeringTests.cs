using KeypointGrains.Client;

namespace KeypointGrains.Client.Tests;

/// <summary>
/// kg never uses grain internals: it plans campaigns, talks to the cluster through ClusterClient's contracts and hosts an
/// embedded silo through Hosting. The compiler records an assembly reference only for an assembly whose types the code
/// uses, so a kg type that reached into Grains would show up here.
/// </summary>
public class KgLayeringTests
{
    [Fact]
    public void Kg_uses_no_type_of_the_grains_assembly()
    {
        var references = typeof(KgApp).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToArray();

        Assert.Contains("Hosting", references);
        Assert.Contains("Scheduling", references);
        Assert.DoesNotContain("Grains", references);
    }
}
