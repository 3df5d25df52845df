using System.Diagnostics;
using System.Diagnostics.Metrics;
using KeypointGrains.Contracts.Training;

namespace KeypointGrains.Contracts.Telemetry;

/// <summary>
/// The instruments of meter "KeypointGrains" (see METRICS.md). Training instruments carry the tags campaign, model,
/// silo and device; inference requests carry campaign, and kind = single | batch or the failing model; forward passes
/// on a silo carry its device.
/// </summary>
public sealed class KeypointMetrics
{
    private readonly Gauge<int> epoch;
    private readonly Gauge<double> loss;
    private readonly Gauge<double> validationLoss;
    private readonly Gauge<double> validationRmse;
    private readonly Gauge<double> imagesPerSecond;
    private readonly Histogram<double> epochDuration;
    private readonly Counter<long> checkpointBytes;
    private readonly Histogram<double> checkpointDuration;
    private readonly Counter<long> earlyStops;
    private readonly Counter<long> writesRefused;
    private readonly Counter<long> duplicateActivations;
    private readonly Histogram<double> requestDuration;
    private readonly Counter<long> faces;
    private readonly Counter<long> degradedMerges;
    private readonly Counter<long> errors;
    private readonly Histogram<int> batchFaces;
    private readonly Histogram<double> queueDuration;
    private readonly Counter<long> frontDoorRequests;
    private readonly Histogram<double> frontDoorDuration;
    private readonly Histogram<int> frontDoorFaces;

    internal KeypointMetrics()
    {
        var meter = new Meter(KeypointTelemetry.Name);
        epoch = meter.CreateGauge<int>("kg.training.epoch", description: "Last finished epoch of a model");
        loss = meter.CreateGauge<double>("kg.training.loss", description: "Train loss (MSE on scaled targets)");
        validationLoss = meter.CreateGauge<double>("kg.training.validation_loss", description: "Validation loss (MSE on scaled targets)");
        validationRmse = meter.CreateGauge<double>("kg.training.validation_rmse", "px", "Validation RMSE in pixels");
        imagesPerSecond = meter.CreateGauge<double>("kg.training.images_per_second", description: "Training throughput of the last epoch");
        epochDuration = meter.CreateHistogram("kg.training.epoch_duration", "s", "Seconds per epoch", tags: null,
            Buckets(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500));
        checkpointBytes = meter.CreateCounter<long>("kg.training.checkpoint_bytes", "By", "Bytes of checkpoints and exported models written");
        checkpointDuration = meter.CreateHistogram("kg.training.checkpoint_duration", "s", "Seconds to write a checkpoint", tags: null,
            Buckets(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10));
        earlyStops = meter.CreateCounter<long>("kg.training.early_stops", description: "Models stopped early by their coordinator");
        writesRefused = meter.CreateCounter<long>("kg.training.writes_refused",
            description: "State and checkpoint writes refused because another activation of the model wrote first (kind = state | checkpoint)");
        duplicateActivations = meter.CreateCounter<long>("kg.training.duplicate_activations",
            description: "Activations that found, by a refused write, another activation training their model");
        requestDuration = meter.CreateHistogram("kg.inference.request_duration", "ms", "Ensemble prediction requests, client side",
            tags: null, Buckets(1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 75, 100, 250, 500, 1000, 2500, 10000));
        faces = meter.CreateCounter<long>("kg.inference.faces", description: "Faces predicted through the ensemble");
        degradedMerges = meter.CreateCounter<long>("kg.inference.degraded_merges", description: "Predictions in which the baseline stood in for a specialist");
        errors = meter.CreateCounter<long>("kg.inference.errors", description: "Specialists a silo could not serve, and requests that failed");
        batchFaces = meter.CreateHistogram("kg.inference.batch_faces", unit: null, "Faces per forward pass of a silo (dynamic batching)", tags: null,
            new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });
        queueDuration = meter.CreateHistogram("kg.inference.queue_duration", "ms", "Time a request waited on its silo for its forward pass",
            tags: null, Buckets(0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000));
        frontDoorRequests = meter.CreateCounter<long>("kg.frontdoor.requests", description: "Front door requests by protocol, endpoint and status");
        frontDoorDuration = meter.CreateHistogram("kg.frontdoor.request_duration", "ms", "Front door requests, from the request read to the answer written",
            tags: null, Buckets(0.5, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100, 250, 500, 1000, 5000));
        frontDoorFaces = meter.CreateHistogram("kg.frontdoor.faces", unit: null, "Faces per front door inference request", tags: null,
            new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });
    }

    public void Epoch(string campaign, EpochReport report)
    {
        var tags = Tags(campaign, report.Model, report.Silo, report.Device);
        epoch.Record(report.Epoch, tags);
        loss.Record(report.TrainLoss, tags);
        validationLoss.Record(report.ValidationLoss, tags);
        validationRmse.Record(report.ValidationRmsePixels, tags);
        imagesPerSecond.Record(report.ImagesPerSecond, tags);
        epochDuration.Record(report.Seconds, tags);
    }

    public void CheckpointWritten(string campaign, string model, string silo, string device, long bytes, TimeSpan duration)
    {
        var tags = Tags(campaign, model, silo, device);
        checkpointBytes.Add(bytes, tags);
        checkpointDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>A fenced write of a stale activation (<paramref name="kind"/>: state or checkpoint) that storage refused.</summary>
    public void WriteRefused(string campaign, string model, string silo, string kind) =>
        writesRefused.Add(1, new TagList { { "campaign", campaign }, { "model", model }, { "silo", silo }, { "kind", kind } });

    public void DuplicateActivation(string campaign, string model, string silo) =>
        duplicateActivations.Add(1, new TagList { { "campaign", campaign }, { "model", model }, { "silo", silo } });

    public void EarlyStop(string campaign, string model) =>
        earlyStops.Add(1, new TagList { { "campaign", campaign }, { "model", model } });

    public void Request(string campaign, int faceCount, bool degraded, TimeSpan duration)
    {
        var tags = new TagList { { "campaign", campaign }, { "kind", faceCount == 1 ? "single" : "batch" } };
        requestDuration.Record(duration.TotalMilliseconds, tags);
        faces.Add(faceCount, new TagList { { "campaign", campaign } });
        if (degraded) degradedMerges.Add(1, new TagList { { "campaign", campaign } });
    }

    /// <summary>A failed specialist call (<paramref name="model"/>), or a failed request when it is null.</summary>
    public void Error(string campaign, string? model)
    {
        var tags = new TagList { { "campaign", campaign } };
        if (model is not null) tags.Add("model", model);
        errors.Add(1, tags);
    }

    /// <summary>A silo's forward pass over <paramref name="faceCount"/> faces of one or more requests.</summary>
    public void InferencePass(string device, int faceCount) => batchFaces.Record(faceCount, new TagList { { "device", device } });

    /// <summary>How long a request waited on its silo for the pass that took it.</summary>
    public void InferenceQueued(string device, TimeSpan waited) =>
        queueDuration.Record(waited.TotalMilliseconds, new TagList { { "device", device } });

    /// <summary>A request to the front door (protocol http or grpc, the protocol's endpoint, the HTTP or gRPC status).</summary>
    public void FrontDoorRequest(string protocol, string endpoint, string status, TimeSpan duration)
    {
        frontDoorRequests.Add(1, new TagList { { "protocol", protocol }, { "endpoint", endpoint }, { "status", status } });
        frontDoorDuration.Record(duration.TotalMilliseconds, new TagList { { "protocol", protocol }, { "endpoint", endpoint } });
    }

    public void FrontDoorFaces(string protocol, int faceCount) => frontDoorFaces.Record(faceCount, new TagList { { "protocol", protocol } });

    /// <summary>
    /// Bucket bounds that fit the instrument (OpenTelemetry's defaults are for milliseconds of web requests, which would
    /// put every sub-5-second epoch into one bucket), so that percentiles mean something.
    /// </summary>
    private static InstrumentAdvice<double> Buckets(params double[] bounds) => new() { HistogramBucketBoundaries = bounds };

    private static TagList Tags(string campaign, string model, string silo, string device) =>
        new() { { "campaign", campaign }, { "model", model }, { "silo", silo }, { "device", device } };
}
