namespace KeypointGrains.Cluster.Tests.Support;

/// <summary>What storage can do to a stored file: one bit flipped in the middle, or the end cut off.</summary>
public static class Damage
{
    public static byte[] FlipByte(byte[] bytes)
    {
        var damaged = bytes.ToArray();
        damaged[damaged.Length / 2] ^= 0x10;
        return damaged;
    }

    public static byte[] Truncate(byte[] bytes) => bytes[..(bytes.Length * 2 / 3)];

    public static Func<byte[], byte[]> Named(string name) => name == "flip" ? FlipByte : Truncate;
}
