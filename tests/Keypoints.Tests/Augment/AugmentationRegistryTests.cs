using KeypointGrains.Keypoints.Augment;

namespace KeypointGrains.Keypoints.Tests.Augment;

public class AugmentationRegistryTests
{
    [Fact]
    public void The_seeds_four_parse_as_expansions_in_order()
    {
        var plan = AugmentationRegistry.Parse("contrast,unsharp,adaptive3,adaptive9");

        Assert.Equal(["contrast", "unsharp", "adaptive3", "adaptive9"], plan.Expansions.Select(a => a.Name));
        Assert.Empty(plan.PerBatch);
        Assert.Equal("contrast,unsharp,adaptive3,adaptive9", plan.ToString());
    }

    [Fact]
    public void Affine_is_applied_per_batch_and_spaces_and_case_do_not_matter()
    {
        var plan = AugmentationRegistry.Parse(" Affine , contrast ");

        Assert.Equal(["contrast"], plan.Expansions.Select(a => a.Name));
        Assert.IsType<AffineAugmentation>(Assert.Single(plan.PerBatch));
        Assert.Equal(plan.ToString(), AugmentationRegistry.Parse(plan.ToString()).ToString());
    }

    [Fact]
    public void Every_known_name_parses_to_itself()
    {
        foreach (var name in AugmentationRegistry.Names)
            Assert.Equal([name], AugmentationRegistry.Parse(name).Names);
    }

    [Fact]
    public void An_unknown_name_is_refused_with_the_known_ones_listed()
    {
        var error = Assert.Throws<ArgumentException>(() => AugmentationRegistry.Parse("contrast,blur"));
        Assert.Contains("'blur'", error.Message);
        Assert.Contains("contrast, unsharp, adaptive3, adaptive9, affine", error.Message);
    }

    [Theory]
    [InlineData("contrast,,unsharp", "Empty")]
    [InlineData("unsharp,contrast,unsharp", "twice")]
    public void Empty_and_repeated_names_are_refused(string names, string reason) =>
        Assert.Contains(reason, Assert.Throws<ArgumentException>(() => AugmentationRegistry.Parse(names)).Message);

    [Fact]
    public void A_blank_list_means_no_augmentation()
    {
        Assert.Same(AugmentationPlan.None, AugmentationRegistry.Parse("  "));
        Assert.Equal("none", AugmentationPlan.None.ToString());
    }
}
