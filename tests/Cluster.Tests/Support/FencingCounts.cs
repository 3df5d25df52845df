using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KeypointGrains.Contracts.Telemetry;

namespace KeypointGrains.Cluster.Tests.Support;

/// <summary>
/// Listens to the fencing counters of in-process silos for one campaign (other tests' clusters may run in this process
/// at the same time): refused writes (by kind) and duplicate activations, per silo.
/// </summary>
public sealed class FencingCounts : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Silo, string Kind), long> counts = new();

    public FencingCounts(string campaign)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == KeypointTelemetry.Name && instrument.Name is "kg.training.writes_refused" or "kg.training.duplicate_activations")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string silo = "", kind = "", of = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "silo") silo = tag.Value as string ?? "";
                if (tag.Key == "kind") kind = tag.Value as string ?? "";
                if (tag.Key == "campaign") of = tag.Value as string ?? "";
            }
            if (of != campaign) return;
            counts.AddOrUpdate((instrument.Name, silo, kind), value, (_, sum) => sum + value);
        });
        listener.Start();
    }

    public long WritesRefused(string? silo = null, string? kind = null) => Sum("kg.training.writes_refused", silo, kind);

    public long DuplicateActivations(string? silo = null) => Sum("kg.training.duplicate_activations", silo, null);

    private long Sum(string instrument, string? silo, string? kind) => counts
        .Where(c => c.Key.Instrument == instrument && (silo is null || c.Key.Silo == silo) && (kind is null || c.Key.Kind == kind))
        .Sum(c => c.Value);

    public void Dispose() => listener.Dispose();
}
