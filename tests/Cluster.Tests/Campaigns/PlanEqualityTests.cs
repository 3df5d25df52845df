using System.Reflection;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Grains.Coordination;
using KeypointGrains.Specs;
using KeypointGrains.Specs.Collections;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace KeypointGrains.Cluster.Tests.Campaigns;

/// <summary>
/// The coordinator's "same plan" check is the plans' equality, which the compiler writes from every field: changing any
/// field of a plan, a model, its spec or a recipe (found by reflection, so a field added later is covered) makes them unequal.
/// </summary>
public class PlanEqualityTests
{
    private static CampaignPlan Plan() =>
        new("c", [
            new ModelPlan(ModelPlan.BaselineName, new ModelSpec("training.csv", [0, 1, 2], new TrainingRecipe { Augmentations = ["affine"] })),
            new ModelPlan("eye-centers", new ModelSpec("training.csv", [0, 1], new TrainingRecipe()) { StartsFrom = ModelPlan.BaselineName }),
        ]);

    public static TheoryData<string> Records() => new(typeof(CampaignPlan).Name, typeof(ModelPlan).Name, typeof(TrainingRecipe).Name,
        typeof(CheckpointPolicy).Name, typeof(ModelSpec).Name, typeof(SplitSpec).Name);

    private static object Sample(string type) => type switch
    {
        nameof(CampaignPlan) => Plan(),
        nameof(ModelPlan) => Plan().Models[1],
        nameof(TrainingRecipe) => Plan().Models[0].Recipe,
        nameof(ModelSpec) => Plan().Models[1].Spec,
        nameof(SplitSpec) => Plan().SplitOf(fold: 0),
        _ => Plan().Models[0].Spec.Checkpoints,
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void Changing_any_field_makes_it_unequal(string type)
    {
        var original = Sample(type);
        var properties = Settable(original.GetType());
        Assert.NotEmpty(properties);
        foreach (var property in properties)
        {
            var changed = With(original, property, Changed(property.GetValue(original), property.PropertyType));
            Assert.False(original.Equals(changed), $"{type}.{property.Name} changed, yet the two compare equal.");
            Assert.False(changed.Equals(original), $"{type}.{property.Name} changed, yet the two compare equal.");
        }
    }

    [Fact]
    public void Plans_built_apart_from_equal_values_are_equal_with_equal_hashes()
    {
        var (one, other) = (Plan(), Plan());
        Assert.Equal(one, other);
        Assert.Equal(one.GetHashCode(), other.GetHashCode());
        Assert.Equal(one, one with { Models = [.. other.Models] });
        Assert.Equal(one.Models[0], one.Models[0] with { Spec = one.Models[0].Spec with { Columns = new List<int> { 0, 1, 2 } } });
    }

    [Fact]
    public void A_plan_read_back_by_the_serializer_equals_the_one_written()
    {
        using var services = new ServiceCollection().AddSerializer(builder => builder.AddAssembly(typeof(CampaignPlan).Assembly)).BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var plan = Plan();

        var read = serializer.Deserialize<CampaignPlan>(serializer.SerializeToArray(plan));

        Assert.NotNull(read);
        Assert.Equal(plan, read);
        Assert.IsType<EquatableArray<int>>(read.Models[0].Columns);
        Assert.IsType<EquatableArray<string>>(read.Models[0].Recipe.Augmentations);
    }

    /// <summary>
    /// A plan as Orleans' binary format wrote it when the recipe and its list type were still in Contracts and a plan held
    /// its data, split and checkpoint policy once, each model's fields loose: coordinator state stored then (directory or
    /// Azure) reads as a <see cref="StoredCampaignPlan"/> (the format names types by alias) and becomes today's plan.
    /// </summary>
    [Fact]
    public void A_plan_stored_before_plans_held_model_specs_becomes_the_same_plan_of_specs()
    {
        const string Stored =
            "IOhADXN0b3JlZEEZdHJhaW5pbmcuY3N2MQGgD5SyR2tnLkVxdWF0YWJsZUFycmF5YDFbW2tnLk1vZGVsUGxhbl1dIAAFIehAB2Fs" +
            "bDEB/MnXJzVrZy5FcXVhdGFibGVBcnJheWAxW1tpbnRdXSAABwEBAAUACeDgwQEh6EANY25uLWJuQRFuZXN0ZXJvdkENbGluZWFy" +
            "AcJdAUIGAQEBAgSBuB6F61G4nj+B/Knx0k1iUD+BzczMzMzM7D+BK4cW2c737z+BAAAAAAAAAAABAzEBV3ppLTtrZy5FcXVhdGFi" +
            "bGVBcnJheWAxW1tzdHJpbmddXSAABUENYWZmaW5lQBFjb250cmFzdODgAQMBAQEBAamBrkfhehSu7z/gAQE5ByDg4OAg6EAXZXll" +
            "LWNlbnRlcnM5BSAABQEBAAXg4MERIehAE2Nubi1sYXJnZcElwScBwl0BQgYBAQECBIG4HoXrUbieP4H8qfHSTWJQP4HNzMzMzMzs" +
            "P4ErhxbZzvfvP4EAAAAAAAAAAAED2QdTAQEBAgoBAQGpgQAAAAAAAAAA4AEB2QdT4ODgAamBmpmZmZmZyT8h6AAFgZqZmZmZmbk/" +
            "4AEFwQEBAeA=";
        using var services = new ServiceCollection()
            .AddSerializer(builder => builder.AddAssembly(typeof(CampaignPlan).Assembly).AddAssembly(typeof(StoredCampaignPlan).Assembly))
            .BuildServiceProvider();

        var read = services.GetRequiredService<Serializer>().Deserialize<StoredCampaignPlan>(Convert.FromBase64String(Stored))!.ToPlan();

        var split = new SplitSpec { Seed = 42, ValidationFraction = 0.2 };
        Assert.Equal(new CampaignPlan("stored", [
            new ModelPlan(ModelPlan.BaselineName, new ModelSpec("training.csv", [0, 1, 2],
                new TrainingRecipe { Network = "cnn-bn", Augmentations = ["affine", "contrast"], EmaDecay = 0.99, AllRows = true }) { Split = split }),
            new ModelPlan("eye-centers", new ModelSpec("training.csv", [0, 1], new TrainingRecipe { MaxTrainingFaces = 320 })
            {
                Split = split, StartsFrom = ModelPlan.BaselineName,
            }),
        ]), read);
    }

    private static PropertyInfo[] Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0).ToArray();

    /// <summary>A copy of <paramref name="record"/> (its compiler-written clone) with <paramref name="property"/> set.</summary>
    private static object With(object record, PropertyInfo property, object? value)
    {
        var copy = record.GetType().GetMethod("<Clone>$")!.Invoke(record, null)!;
        property.SetValue(copy, value);
        return copy;
    }

    /// <summary>A value of <paramref name="type"/> unequal to <paramref name="value"/>; a field of a new type needs a case here.</summary>
    private static object? Changed(object? value, Type type) => value switch
    {
        _ when type == typeof(string) => value is null ? "changed" : value + "-changed",
        int number => number + 1,
        double number => number + 0.5,
        bool flag => !flag,
        IReadOnlyList<int> list => list.Append(99).ToArray(),
        IReadOnlyList<string> list => list.Append("changed").ToArray(),
        IReadOnlyList<ModelPlan> list => list.Take(list.Count - 1).ToArray(),
        null when type == typeof(SuccessiveHalving) => new SuccessiveHalving(1, 3),
        not null when type.GetMethod("<Clone>$") is not null && Settable(type) is [var first, ..] =>
            With(value, first, Changed(first.GetValue(value), first.PropertyType)),
        _ => throw new InvalidOperationException($"No way to change a {type.Name} here: add one, so the new field is tested."),
    };
}
