using KeypointGrains.ClusterClient.Inference;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Cluster.Tests.Inference;

public class PredictionMergerTests
{
    private const int Faces = 3;

    // Each model writes a value that names the model, the face and the schema column, so a value in the wrong place shows.
    private static float Code(int model, int face, int column) => model * 10_000 + face * 100 + column;

    private static EnsembleMember Member(string name, IReadOnlyList<int> columns) =>
        new(name, "mlp", columns, new CheckpointReference("c", name, 1, 1), 0.01);

    private static GroupPrediction Answer(int model, string name, IReadOnlyList<int> columns)
    {
        var values = new float[Faces * columns.Count];
        for (int face = 0; face < Faces; face++)
            for (int i = 0; i < columns.Count; i++)
                values[face * columns.Count + i] = Code(model, face, columns[i]);
        return new GroupPrediction(name, columns, values);
    }

    private static readonly int[] AllColumns = Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray();

    [Fact]
    public void Six_specialist_outputs_land_in_their_schema_columns()
    {
        var outcomes = KeypointSchema.Specialists
            .Select((g, i) => new GroupOutcome(Member(g.Name, g.Columns), Answer(i + 1, g.Name, g.Columns)))
            .ToList();

        var merged = PredictionMerger.Merge(Faces, outcomes, baseline: null, manifestVersion: 4);

        Assert.False(merged.Degraded);
        Assert.Equal(4, merged.ManifestVersion);
        for (int g = 0; g < KeypointSchema.Specialists.Count; g++)
            foreach (var column in KeypointSchema.Specialists[g].Columns)
                for (int face = 0; face < Faces; face++)
                    Assert.Equal(Code(g + 1, face, column), merged.Face(face)[column]);
    }

    [Fact]
    public void A_group_without_an_answer_comes_from_the_baseline_and_is_flagged()
    {
        var baseline = Answer(0, "all", AllColumns);
        var outcomes = KeypointSchema.Specialists
            .Select((g, i) => new GroupOutcome(Member(g.Name, g.Columns),
                g.Name == "nose-tip" ? null : Answer(i + 1, g.Name, g.Columns)))
            .ToList();

        var merged = PredictionMerger.Merge(Faces, outcomes, baseline, manifestVersion: 1);

        Assert.Equal(["nose-tip"], merged.DegradedGroups);
        int noseX = KeypointSchema.ColumnIndex("nose_tip_x"), noseY = KeypointSchema.ColumnIndex("nose_tip_y");
        int mouthX = KeypointSchema.ColumnIndex("mouth_left_corner_x");
        for (int face = 0; face < Faces; face++)
        {
            Assert.Equal(Code(0, face, noseX), merged.Face(face)[noseX]);
            Assert.Equal(Code(0, face, noseY), merged.Face(face)[noseY]);
            Assert.Equal(Code(3, face, mouthX), merged.Face(face)[mouthX]);
        }
    }

    [Fact]
    public void Columns_no_specialist_covers_come_from_the_baseline_without_degrading()
    {
        var eyes = KeypointSchema.Specialist("eye-centers");
        var merged = PredictionMerger.Merge(Faces,
            [new GroupOutcome(Member(eyes.Name, eyes.Columns), Answer(1, eyes.Name, eyes.Columns))],
            Answer(0, "all", AllColumns), manifestVersion: 2);

        Assert.False(merged.Degraded);
        Assert.Equal(Code(1, 2, 0), merged.Face(2)[0]);
        Assert.Equal(Code(0, 2, 29), merged.Face(2)[29]);
    }

    [Fact]
    public void A_failed_group_without_a_baseline_is_an_error_naming_the_group()
    {
        var eyes = KeypointSchema.Specialist("eye-centers");
        var error = Assert.Throws<InvalidOperationException>(() =>
            PredictionMerger.Merge(Faces, [new GroupOutcome(Member(eyes.Name, eyes.Columns), null)], null, 1));
        Assert.Contains("eye-centers", error.Message);
    }

    [Fact]
    public void An_answer_of_the_wrong_size_is_an_error_naming_the_model()
    {
        var eyes = KeypointSchema.Specialist("eye-centers");
        var shortAnswer = new GroupPrediction(eyes.Name, eyes.Columns, new float[5]);
        var error = Assert.Throws<InvalidOperationException>(() =>
            PredictionMerger.Merge(Faces, [new GroupOutcome(Member(eyes.Name, eyes.Columns), shortAnswer)],
                Answer(0, "all", AllColumns), 1));
        Assert.Contains("eye-centers", error.Message);
    }

    [Fact]
    public void A_group_without_answer_or_baseline_names_why_its_copies_and_the_baseline_failed()
    {
        var eyes = KeypointSchema.Specialist("eye-centers");
        var manifest = new EnsembleManifest("damaged", 2,
            [Member("all", AllColumns), Member("eye-centers", eyes.Columns)]);
        GroupFailure[] failures =
        [
            new("all", "Checkpoint damaged/all.model is damaged: its seal does not match.\n   at ..."),
            new("eye-centers", "Checkpoint damaged/eye-centers.model is damaged: its seal does not match."),
        ];

        var error = Assert.Throws<InvalidOperationException>(() => PredictionMerger.Merge(Faces, manifest, [], failures));

        Assert.Equal("Specialist 'eye-centers' gave no answer and the ensemble has no baseline to fill its keypoints " +
            "(all: Checkpoint damaged/all.model is damaged: its seal does not match.; " +
            "eye-centers: Checkpoint damaged/eye-centers.model is damaged: its seal does not match.).", error.Message);
    }
}
