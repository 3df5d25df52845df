using System.IO.Compression;

namespace KeypointGrains.Keypoints.Data;

/// <summary>
/// Opens a Kaggle data file as users have it: plain CSV, gzip-compressed, or the competition's <c>.zip</c> holding one
/// CSV. The kind is told by the file's first bytes, so a renamed file still opens; a name that promises a kind the
/// content does not have is an error rather than a confusing parse failure later.
/// </summary>
public static class KaggleFile
{
    private static ReadOnlySpan<byte> GzipMagic => [0x1F, 0x8B];
    private static ReadOnlySpan<byte> ZipMagic => [(byte)'P', (byte)'K', 3, 4];

    /// <summary>Calls <paramref name="read"/> with the CSV text of <paramref name="path"/>, decompressed.</summary>
    public static T Read<T>(string path, Func<Stream, T> read)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Span<byte> start = stackalloc byte[4];
        start = start[..file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false)];
        file.Position = 0;

        if (start.StartsWith(GzipMagic))
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            return read(gzip);
        }
        if (start.StartsWith(ZipMagic))
        {
            using var archive = new ZipArchive(file, ZipArchiveMode.Read);
            using var entry = SingleCsv(path, archive).Open();
            return read(entry);
        }
        foreach (var (extension, kind) in new[] { (".gz", "gzip"), (".zip", "zip") })
            if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                throw new DataFormatException(path, null, null, $"the name says {kind} but the content is not {kind}-compressed.");
        return read(file);
    }

    private static ZipArchiveEntry SingleCsv(string path, ZipArchive archive)
    {
        // Archives made on macOS carry resource-fork copies under __MACOSX/; they are not data.
        var csvs = archive.Entries
            .Where(e => e.FullName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !e.FullName.StartsWith("__MACOSX/"))
            .ToArray();
        return csvs.Length == 1
            ? csvs[0]
            : throw new DataFormatException(path, null, null,
                $"a zip archive must hold exactly one .csv file, this one holds {csvs.Length} " +
                $"(entries: {string.Join(", ", archive.Entries.Select(e => e.FullName))}).");
    }
}
