using System.Buffers.Binary;
using System.Security.Cryptography;
using KeypointGrains.Contracts.Training;

namespace KeypointGrains.Contracts.Storage;

/// <summary>
/// The trailer every checkpoint store appends to what it stores: the payload's SHA-256, its length and a magic
/// number. A reader gets the payload only after all of it was hashed and matched, so a flipped bit or a cut-off file
/// is a <see cref="CorruptCheckpointException"/> before a single weight is loaded.
/// </summary>
public static class CheckpointSeal
{
    private const int HashBytes = 32;
    private const int TrailerBytes = HashBytes + 8 + 8;
    private static readonly byte[] Magic = "KGSEAL01"u8.ToArray();

    /// <summary>Writes what <paramref name="write"/> writes to <paramref name="destination"/>, hashed on the way, then the trailer.</summary>
    public static void Write(Stream destination, Action<Stream> write)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // The writer may close what it is given (a StreamWriter does): the view never closes the destination.
        var payload = new HashingStream(destination, hash);
        write(payload);
        Span<byte> trailer = stackalloc byte[TrailerBytes];
        hash.GetHashAndReset(trailer[..HashBytes]);
        BinaryPrimitives.WriteInt64LittleEndian(trailer[HashBytes..], payload.Length);
        Magic.CopyTo(trailer[(HashBytes + 8)..]);
        destination.Write(trailer);
        destination.Flush();
    }

    /// <summary>
    /// Checks the sealed content of <paramref name="stored"/> (seekable; the returned stream owns it) and returns a
    /// read-only view of its payload.
    /// </summary>
    public static Stream Open(Stream stored, CheckpointReference reference)
    {
        try
        {
            long payloadLength = stored.Length - TrailerBytes;
            if (payloadLength < 0) throw Corrupt(reference, $"{stored.Length} bytes are too few to hold a seal (truncated?)");
            Span<byte> trailer = stackalloc byte[TrailerBytes];
            stored.Position = payloadLength;
            stored.ReadExactly(trailer);
            if (!trailer[(HashBytes + 8)..].SequenceEqual(Magic)) throw Corrupt(reference, "its seal is missing (truncated or overwritten)");
            long sealedLength = BinaryPrimitives.ReadInt64LittleEndian(trailer[HashBytes..]);
            if (sealedLength != payloadLength)
                throw Corrupt(reference, $"it holds {payloadLength} bytes of payload, its seal says {sealedLength}");
            stored.Position = 0;
            var hash = SHA256.HashData(new PayloadStream(stored, payloadLength, ownsInner: false));
            if (!hash.AsSpan().SequenceEqual(trailer[..HashBytes]))
                throw Corrupt(reference, $"SHA-256 {Convert.ToHexString(hash, 0, 6)}… differs from the sealed {Convert.ToHexString(trailer[..6])}…");
            stored.Position = 0;
            return new PayloadStream(stored, payloadLength, ownsInner: true);
        }
        catch
        {
            stored.Dispose();
            throw;
        }
    }

    private static CorruptCheckpointException Corrupt(CheckpointReference reference, string why) =>
        new($"Checkpoint {reference} is corrupt: {why}; it is not loaded.");

    /// <summary>Passes writes through, hashing and counting them; leaves the destination open.</summary>
    private sealed class HashingStream(Stream destination, IncrementalHash hash) : Stream
    {
        public override long Length => Position;
        public override long Position { get; set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            destination.Write(buffer);
            hash.AppendData(buffer);
            Position += buffer.Length;
        }

        public override void Flush() => destination.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>The first <paramref name="length"/> bytes of a seekable stream, read-only.</summary>
    private sealed class PayloadStream(Stream inner, long length, bool ownsInner) : Stream
    {
        public override long Length => length;
        public override long Position { get => inner.Position; set => inner.Position = Math.Clamp(value, 0, length); }
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer) =>
            inner.Read(buffer[..(int)Math.Min(buffer.Length, Math.Max(0, length - inner.Position))]);

        public override long Seek(long offset, SeekOrigin origin) =>
            Position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => Position + offset,
                _ => length + offset,
            };

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && ownsInner) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
