namespace KeypointGrains.Keypoints.Storage;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new one, never a half-written file:
/// the content goes to a temporary file beside the target, is flushed to disk, then renamed over the target. Without
/// replace the rename fails (an <see cref="IOException"/>) where the target exists, and the existing file stays.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write, bool replace = true)
    {
        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        // Same folder, so the rename stays on one file system and is atomic.
        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                write(stream);
            // The writer may have closed the stream (a StreamWriter does), so the sync to disk goes through a fresh handle.
            using (var written = new FileStream(temporary, FileMode.Open, FileAccess.Write))
                written.Flush(flushToDisk: true);
            File.Move(temporary, target, overwrite: replace);
        }
        finally
        {
            File.Delete(temporary); // no-op after the rename; cleans up when writing failed
        }
    }
}
