namespace KeypointGrains.Keypoints.Tuning;

/// <summary>
/// One piece of work for a free accelerator: train <paramref name="Trial"/> from epoch <paramref name="FromEpoch"/>
/// (0: a new trial; otherwise it resumes from its checkpoint) to <paramref name="ToEpoch"/>, its next rung.
/// </summary>
public sealed record AshaJob(int Trial, int FromEpoch, int ToEpoch)
{
    public bool IsNewTrial => FromEpoch == 0;

    public int Epochs => ToEpoch - FromEpoch;
}
