using KeypointGrains.Client.Configuration;

namespace KeypointGrains.Client.Commands;

/// <summary>How the commands that train read <c>--data</c>: Kaggle's training.csv, from the flag or the configuration.</summary>
public static class TrainingDataOption
{
    /// <param name="mustExist">
    /// Check the file here, before a cluster starts a campaign on it; false where the silos run elsewhere (--cluster: the
    /// path is theirs to read) or where the command reads it at once.
    /// </param>
    public static string Resolve(KgConfiguration config, string? flag, string section, bool mustExist = false)
    {
        var data = config.Resolve(flag, section, "data")
            ?? throw new UsageException("--data is required: the path of Kaggle's training.csv (.csv, .csv.gz or .zip).");
        if (mustExist && !File.Exists(data)) throw new UsageException($"--data: there is no file '{Path.GetFullPath(data)}'.");
        return data;
    }
}
