namespace KeypointGrains.Keypoints.Training;

/// <summary>The name-and-version prefix of our binary files (checkpoints, models), checked before anything else is read.</summary>
internal static class FormatHeader
{
    public static void Write(BinaryWriter writer, string magic, int version)
    {
        writer.Write(magic);
        writer.Write(version);
    }

    /// <param name="what">What the stream should be, for the error message ("a KeypointGrains model").</param>
    public static void Read(BinaryReader reader, string magic, int version, string what) =>
        Read(reader, magic, version, version, what);

    /// <summary>Reads a header of any version from <paramref name="oldest"/> to <paramref name="newest"/>; returns it.</summary>
    public static int Read(BinaryReader reader, string magic, int oldest, int newest, string what)
    {
        string found;
        try { found = reader.ReadString(); }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"Not {what}: the stream is empty or truncated.", e);
        }
        if (found != magic) throw new InvalidDataException($"Not {what}: unknown header.");
        var stored = reader.ReadInt32();
        if (stored < oldest || stored > newest)
            throw new InvalidDataException(
                $"Format version {stored} of {what} is not supported (this build reads {(oldest == newest ? $"{newest}" : $"{oldest} to {newest}")}).");
        return stored;
    }
}
