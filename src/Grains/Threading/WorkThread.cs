using System.Collections.Concurrent;

namespace KeypointGrains.Grains.Threading;

/// <summary>
/// A thread of its own that runs queued work one item at a time. Torch work runs here rather than on the .NET thread
/// pool, which is Orleans' scheduler: a forward pass or a training epoch holds its thread for milliseconds to minutes,
/// and Torch already spreads one pass over the cores. Callers await the result without blocking a thread.
/// </summary>
public class WorkThread : IDisposable
{
    private readonly BlockingCollection<Action> work = new();
    private readonly Thread thread;

    public WorkThread(string name)
    {
        thread = new Thread(() =>
        {
            foreach (var item in work.GetConsumingEnumerable()) item();
        }) { IsBackground = true, Name = name };
        thread.Start();
    }

    public Task<T> Run<T>(Func<T> job)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        work.Add(() =>
        {
            try { result.SetResult(job()); }
            catch (Exception error) { result.SetException(error); }
        });
        return result.Task;
    }

    public Task Run(Action job) => Run(() => { job(); return true; });

    public void Dispose()
    {
        work.CompleteAdding();
        // A thread still busy after the wait keeps its queue: disposing it under the thread would crash the process.
        if (Thread.CurrentThread != thread && thread.Join(TimeSpan.FromSeconds(10))) work.Dispose();
    }
}
