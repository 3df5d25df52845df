using System.Collections.Concurrent;
using System.Diagnostics;

namespace KeypointGrains.Observability.Tests.Support;

/// <summary>Every span that ends in this process while it is recording, from any activity source.</summary>
public sealed class RecordedSpans : IDisposable
{
    private readonly ConcurrentQueue<Activity> spans = new();
    private readonly ActivityListener listener;

    public RecordedSpans()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public IReadOnlyList<Activity> All => spans.ToArray();

    public void Dispose() => listener.Dispose();
}
