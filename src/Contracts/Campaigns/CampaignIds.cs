namespace KeypointGrains.Contracts.Campaigns;

/// <summary>
/// What a campaign id may be: it keys grains ("campaign/model"), names checkpoint folders and blob prefixes, and is
/// typed on command lines and in URLs, so letters, digits and . _ - @ only, not starting with a dot, at most 100 characters.
/// </summary>
public static class CampaignIds
{
    public const int MaxLength = 100;
    private static readonly System.Buffers.SearchValues<char> Allowed =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-@");

    /// <summary>Why <paramref name="id"/> cannot be a campaign id, or null when it can.</summary>
    public static string? Problem(string? id) =>
        string.IsNullOrEmpty(id) ? "A campaign id is needed."
        : id.Length > MaxLength ? $"A campaign id has at most {MaxLength} characters; this one has {id.Length}."
        : id[0] == '.' ? $"Campaign id '{id}' starts with a dot."
        : id.AsSpan().IndexOfAnyExcept(Allowed) is var at and >= 0
            ? $"Campaign id '{Printable(id)}' holds '{Printable(id[at].ToString())}'; use letters, digits and . _ - @ only."
            : null;

    public static void Validate(string? id)
    {
        if (Problem(id) is { } problem) throw new ArgumentException(problem);
    }

    // Control characters would break the one-line error that quotes the id.
    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
