using System.Diagnostics;
using KeypointGrains.Contracts.Telemetry;
using KeypointGrains.Contracts.Training;

namespace KeypointGrains.Grains.Telemetry;

/// <summary>
/// One training epoch as a span ("kg.training.epoch") whose attributes are the epoch's figures; the epoch's grain calls
/// (to its training grain and coordinator) become its children. Ending it records the epoch's metrics.
/// </summary>
public sealed class EpochSpan : IDisposable
{
    private readonly string campaign;
    private readonly Activity? activity;

    private EpochSpan(TrainingAssignment assignment)
    {
        campaign = assignment.CampaignId;
        // The training thread inherited the context of the grain call that started it, long over: each epoch is a trace
        // of its own instead.
        Activity.Current = null;
        activity = KeypointTelemetry.Activities.StartActivity("kg.training.epoch");
        activity?.SetTag("campaign", campaign).SetTag("model", assignment.Model.Name);
    }

    public static EpochSpan Start(TrainingAssignment assignment) => new(assignment);

    public void Record(EpochReport report)
    {
        KeypointTelemetry.Metrics.Epoch(campaign, report);
        activity?.SetTag("epoch", report.Epoch)
            .SetTag("train_loss", report.TrainLoss)
            .SetTag("validation_loss", report.ValidationLoss)
            .SetTag("validation_rmse_px", report.ValidationRmsePixels)
            .SetTag("images_per_second", report.ImagesPerSecond)
            .SetTag("seconds", report.Seconds)
            .SetTag("silo", report.Silo)
            .SetTag("device", report.Device)
            .SetTag("checkpoint_bytes", report.Checkpoint?.Bytes ?? 0);
    }

    public void Dispose() => activity?.Dispose();
}
