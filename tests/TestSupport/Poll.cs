namespace KeypointGrains.TestSupport;

/// <summary>
/// Waiting on states, never on time: reads a state until it satisfies a condition. However fast or slow the work (an
/// epoch takes 0.3 s on a GPU and a minute on a CPU), the test goes on the moment the state is there.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The first state <paramref name="read"/> returns that satisfies <paramref name="until"/>. Reads that throw an
    /// exception <paramref name="transient"/> accepts (a cluster noticing a dead silo) are retried. After
    /// <paramref name="limit"/> the test fails with the last state, described by <paramref name="describe"/>.
    /// </summary>
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> until, TimeSpan limit,
        Func<T?, string>? describe = null, Func<Exception, bool>? transient = null)
    {
        var deadline = DateTime.UtcNow + limit;
        T? last = default;
        Exception? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await read();
                if (until(last)) return last;
            }
            catch (Exception error) when (transient?.Invoke(error) == true)
            {
                lastError = error;
            }
            await Task.Delay(Period);
        }
        throw new TimeoutException(
            $"The expected state did not come within {limit}; last: {describe?.Invoke(last) ?? last?.ToString()}" +
            (lastError is null ? "" : $" (last error: {lastError.GetType().Name}: {lastError.Message})"));
    }
}
