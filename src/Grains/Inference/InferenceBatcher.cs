using System.Collections.Concurrent;
using System.Diagnostics;
using KeypointGrains.Contracts.Telemetry;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Keypoints.Evaluation;
using Microsoft.Extensions.Options;

namespace KeypointGrains.Grains.Inference;

/// <summary>
/// The silo's forward passes, on one thread of its own (Torch already spreads a pass over the cores; passes side by side
/// would only contend for them), with dynamic batching: the requests of every client queue here, and a pass takes all
/// that are queued, up to <see cref="ServingOptions.MaxBatchFaces"/> faces, after its first request has waited at most
/// <see cref="ServingOptions.MaxBatchDelayMicroseconds"/> for company (only while passes have company: a lone client is
/// not kept waiting). Requests for the same ensemble share the pass.
/// </summary>
public sealed class InferenceBatcher : IDisposable
{
    private readonly BlockingCollection<Request> queue = new();
    private readonly Thread thread;
    private readonly int maxFaces;
    private readonly long maxDelay;
    private readonly string device;

    public InferenceBatcher(IOptions<ServingOptions> options, SiloDevice device)
    {
        maxFaces = Math.Max(1, options.Value.MaxBatchFaces);
        maxDelay = options.Value.MaxBatchDelayMicroseconds * Stopwatch.Frequency / 1_000_000;
        this.device = device.Kind;
        thread = new Thread(Run) { IsBackground = true, Name = "inference" };
        thread.Start();
    }

    /// <summary>Queues <paramref name="count"/> faces (bytes, 9216 per face) for <paramref name="model"/>'s next pass.</summary>
    public Task<InferencePass> Predict(EnsembleModel model, byte[] faces, int count)
    {
        var request = new Request(model, faces, count, Stopwatch.GetTimestamp());
        queue.Add(request);
        return request.Answer.Task;
    }

    private void Run()
    {
        Request? next = null;
        bool company = false;
        while (next is not null || queue.TryTake(out next, Timeout.Infinite))
        {
            var batch = new List<Request> { next };
            int faces = next.Count;
            next = null;
            // Waiting pays only under load: a lone client's request goes at once, as long as the last pass was alone too.
            long deadline = batch[0].Queued + (company ? maxDelay : 0);
            while (faces < maxFaces)
            {
                if (queue.TryTake(out var more))
                {
                    // A request that would overflow the pass starts the next one.
                    if (faces + more.Count > maxFaces)
                    {
                        next = more;
                        break;
                    }
                    batch.Add(more);
                    faces += more.Count;
                }
                else if (Stopwatch.GetTimestamp() >= deadline) break;
                else Thread.Yield();
            }
            company = batch.Count > 1;
            foreach (var pass in batch.GroupBy(r => r.Model)) Serve(pass.ToArray());
        }
    }

    private void Serve(Request[] requests)
    {
        long started = Stopwatch.GetTimestamp();
        int total = requests.Sum(r => r.Count);
        try
        {
            var coordinates = requests[0].Model.Predict(requests.Length == 1 ? requests[0].Faces : Concatenated(requests), total);
            KeypointTelemetry.Metrics.InferencePass(device, total);
            int offset = 0;
            foreach (var request in requests)
            {
                var queued = Stopwatch.GetElapsedTime(request.Queued, started);
                KeypointTelemetry.Metrics.InferenceQueued(device, queued);
                var share = requests.Length == 1 ? coordinates : coordinates.Select(member =>
                {
                    int width = member.Length / total;
                    return member.AsSpan(offset * width, request.Count * width).ToArray();
                }).ToArray();
                offset += request.Count;
                request.Answer.SetResult(new InferencePass(share, total, queued));
            }
        }
        catch (Exception error)
        {
            foreach (var request in requests) request.Answer.TrySetException(error);
        }
    }

    private static byte[] Concatenated(Request[] requests)
    {
        var faces = new byte[requests.Sum(r => r.Faces.Length)];
        int offset = 0;
        foreach (var request in requests)
        {
            request.Faces.CopyTo(faces, offset);
            offset += request.Faces.Length;
        }
        return faces;
    }

    public void Dispose()
    {
        queue.CompleteAdding();
        // A pass still running after the wait keeps its queue: disposing it under the thread would crash the process.
        if (Thread.CurrentThread != thread && thread.Join(TimeSpan.FromSeconds(10))) queue.Dispose();
    }

    private sealed record Request(EnsembleModel Model, byte[] Faces, int Count, long Queued)
    {
        public TaskCompletionSource<InferencePass> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
