using System.Diagnostics;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// When a <see cref="CheckpointPolicy"/> wants a checkpoint: every EveryEpochs epochs, unless the last write was so
/// recent that another would push writing past the policy's share of the training time, and always after the policy's
/// AlwaysAfter epochs.
/// </summary>
public sealed class CheckpointCadence(CheckpointPolicy policy)
{
    private (double WriteSeconds, long FinishedAt)? lastWrite;

    public bool Due(int epoch)
    {
        bool due = epoch % Math.Max(1, policy.EveryEpochs) == 0 && !(policy.Overhead > 0 && lastWrite is { } last &&
            Stopwatch.GetElapsedTime(last.FinishedAt).TotalSeconds < last.WriteSeconds / policy.Overhead);
        return due || policy.AlwaysAfter.Contains(epoch);
    }

    /// <summary>A checkpoint was stored; writing it took <paramref name="took"/>.</summary>
    public void Written(TimeSpan took) => lastWrite = (took.TotalSeconds, Stopwatch.GetTimestamp());
}
