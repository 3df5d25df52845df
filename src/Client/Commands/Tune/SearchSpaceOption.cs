using KeypointGrains.Keypoints.Tuning;

namespace KeypointGrains.Client.Commands;

/// <summary>A search space from --space terms or --space-file (kg tune, kg bench tune), with their default.</summary>
public static class SearchSpaceOption
{
    /// <summary>Peak rate, batch size and augmentation: what the shipped recipes were picked by hand over.</summary>
    public static readonly string[] Default = ["lr=3e-4..1e-2", "batch=16,32,64", "augment=none,affine"];

    public static SearchSpace From(string[]? terms, string? file)
    {
        try
        {
            if (file is not null) return SearchSpace.Read(file);
            return SearchSpace.Parse(terms is { Length: > 0 } ? terms : Default);
        }
        catch (ArgumentException error)
        {
            throw new UsageException(error.Message);
        }
    }
}
