using KeypointGrains.Contracts.Inference;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Silo.Web.Inference;

/// <summary>
/// What the model metadata says of a campaign's ensemble, over REST and gRPC alike: one input (faces), one output
/// (keypoints: Kaggle's 30 columns, pixels of the 96x96 face), and as properties the column names, the members, and
/// the datatypes and shapes the input also takes.
/// </summary>
public sealed record ModelDescription(string Name, string Version, Dictionary<string, string> Properties)
{
    public const string Platform = "torchsharp_ensemble";
    public const string Output = "keypoints";
    public const string OutputDatatype = "FP32";
    public static readonly long[] OutputShape = [-1, KeypointSchema.ColumnCount];

    /// <summary>Response parameter naming the groups whose keypoints the baseline filled, comma-separated (empty: none).</summary>
    public const string DegradedParameter = "degraded_groups";

    public static ModelDescription Of(EnsembleManifest manifest) =>
        new(manifest.CampaignId, ServedModels.VersionOf(manifest), new Dictionary<string, string>
        {
            ["columns"] = string.Join(",", KeypointSchema.Columns),
            ["members"] = string.Join(",", manifest.Members.Select(m => m.Model)),
            ["input_datatypes"] = $"{FaceTensor.Uint8},{FaceTensor.Fp32}",
            ["input_shapes"] = "[-1,96,96],[-1,1,96,96]",
            ["input_values"] = "grey levels 0-255",
            ["output_units"] = "pixels of the 96x96 face",
        });

    /// <summary>The server's name, version and extensions (binary tensor data over REST).</summary>
    public static readonly string ServerName = "keypointgrains";
    public static readonly string ServerVersion = typeof(ModelDescription).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    public static readonly string[] Extensions = ["binary_tensor_data"];
}
