using System.Collections.Concurrent;

namespace KeypointGrains.Grains.Inference;

/// <summary>
/// The silo's forward passes, one at a time on a thread of their own. Torch already spreads one pass over the cores, so
/// six passes at once only contend (and would stall Orleans' scheduler threads, which are the .NET thread pool); one
/// lane keeps each pass as fast as a bare one and the scheduler free.
/// </summary>
public sealed class InferenceThread : IDisposable
{
    private readonly BlockingCollection<Action> work = new();
    private readonly Thread thread;

    public InferenceThread()
    {
        thread = new Thread(() =>
        {
            foreach (var item in work.GetConsumingEnumerable()) item();
        }) { IsBackground = true, Name = "inference" };
        thread.Start();
    }

    public Task<T> Run<T>(Func<T> pass)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        work.Add(() =>
        {
            try { result.SetResult(pass()); }
            catch (Exception error) { result.SetException(error); }
        });
        return result.Task;
    }

    public void Dispose()
    {
        work.CompleteAdding();
        thread.Join(TimeSpan.FromSeconds(10));
        work.Dispose();
    }
}
