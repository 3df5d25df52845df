using KeypointGrains.Contracts.Campaigns;

namespace KeypointGrains.Silo.Web;

/// <summary>
/// What the training page polls: the coordinator's status and the learning-curve points the page does not have yet.
/// JSON has no NaN, so figures not known yet are null.
/// </summary>
public sealed record CampaignView(string Id, string Phase, int EnsembleVersion, IReadOnlyList<ModelView> Models,
    IReadOnlyList<CurveView>? Curves)
{
    public static CampaignView Of(CampaignStatus status, IReadOnlyList<EpochHistory>? histories, int after) =>
        new(status.CampaignId, Kebab(status.Phase.ToString()), status.ManifestVersion,
            status.Models.Select(ModelView.Of).ToArray(),
            histories?.Select(h => CurveView.Of(h, after)).ToArray());

    internal static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));

    internal static double? Finite(double value) => double.IsFinite(value) ? value : null;
}

public sealed record ModelView(string Model, string State, int Epoch, double? TrainLoss, double? ValidationLoss,
    double? ValidationRmsePx, int BestEpoch, double? BestValidationLoss, double SecondsPerEpoch, double ImagesPerSecond,
    string Silo, string Device, string? Error, string? WaitsFor)
{
    public static ModelView Of(ModelStatus m) =>
        new(m.Model, CampaignView.Kebab(m.Phase.ToString()), m.Epoch, CampaignView.Finite(m.TrainLoss),
            CampaignView.Finite(m.ValidationLoss), CampaignView.Finite(m.ValidationRmsePixels), m.BestEpoch,
            CampaignView.Finite(m.BestValidationLoss), m.SecondsPerEpoch, m.ImagesPerSecond, m.Silo, m.Device, m.Error, m.WaitsFor);
}

/// <summary>A model's curve points after epoch <c>after</c>: [epoch, train loss, validation loss, RMSE px] each.</summary>
public sealed record CurveView(string Model, IReadOnlyList<double?[]> Points)
{
    public static CurveView Of(EpochHistory history, int after) =>
        new(history.Model, history.Epochs.Where(e => e.Epoch > after)
            .Select(e => new double?[] { e.Epoch, CampaignView.Finite(e.TrainLoss), CampaignView.Finite(e.ValidationLoss),
                CampaignView.Finite(e.ValidationRmsePixels) })
            .ToArray());
}
