using System.Buffers;
using System.Collections.Concurrent;

namespace KeypointGrains.Keypoints.Data;

/// <summary>Rows parsed from one block of lines; <see cref="Count"/> tells how many.</summary>
internal interface IRowBlock
{
    int Count { get; }
}

/// <summary>
/// Reads a CSV stream as blocks of whole lines on one thread while the other cores parse finished blocks, so that
/// decompressing a .gz (single-threaded by nature) and parsing overlap instead of adding up.
/// </summary>
internal static class CsvBlockReader
{
    private const int BlockSize = 4 << 20;

    /// <summary>
    /// Reads the header, hands it to <paramref name="begin"/> (which checks it and returns the block parser), then parses
    /// every block. Returns the parsed blocks in file order. When several blocks are bad, the error of the earliest line wins,
    /// so the message does not depend on thread timing.
    /// </summary>
    public static IReadOnlyList<T> Read<T>(Stream stream, string file, Func<byte[], Func<CsvBlock, T>> begin)
        where T : IRowBlock
    {
        var (header, rest, restLength) = ReadHeader(stream, file);
        var parse = begin(header);

        using var cancel = new CancellationTokenSource();
        using var blocks = new BlockingCollection<CsvBlock>(boundedCapacity: 2 * Environment.ProcessorCount);
        var parsed = new ConcurrentDictionary<int, T>();
        var errors = new ConcurrentBag<DataFormatException>();
        // Its own thread: it blocks on the stream and on a full queue, and must not wait for a thread-pool thread to start.
        var producer = Task.Factory.StartNew(() => Produce(stream, file, rest, restLength, blocks, errors, cancel.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            Parallel.ForEach(
                Partitioner.Create(blocks.GetConsumingEnumerable(), EnumerablePartitionerOptions.NoBuffering),
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                block =>
                {
                    try { parsed[block.Index] = parse(block); }
                    catch (DataFormatException error) { errors.Add(error); }
                    finally { ArrayPool<byte>.Shared.Return(block.Buffer); }
                });
        }
        finally
        {
            cancel.Cancel(); // frees a producer blocked on a full queue if parsing failed unexpectedly
            try { producer.Wait(); } catch (AggregateException e) when (e.InnerException is OperationCanceledException) { }
        }
        if (!errors.IsEmpty)
            throw errors.MinBy(e => e.Line)!;
        var inOrder = parsed.OrderBy(p => p.Key).Select(p => p.Value).ToArray();
        if (inOrder.Sum(b => b.Count) == 0)
            throw new DataFormatException(file, 2, null, "the file has a header but no data rows.");
        return inOrder;
    }

    /// <summary>
    /// The header line (without byte-order mark and line break) and what was read after it, which the producer goes on
    /// from.
    /// </summary>
    private static (byte[] Header, byte[] Remainder, int RemainderLength) ReadHeader(Stream stream, string file)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        int length = Fill(stream, file, buffer, 0, 1);
        ReadOnlySpan<byte> byteOrderMark = [0xEF, 0xBB, 0xBF];
        int start = buffer.AsSpan(0, length).StartsWith(byteOrderMark) ? 3 : 0;
        while (buffer.AsSpan(start, length - start).IndexOf((byte)'\n') < 0 && length == buffer.Length)
            length = Fill(stream, file, Grow(ref buffer, length), length, 1);
        if (buffer.AsSpan(start, length - start).Trim("\r\n "u8).IsEmpty)
            throw new DataFormatException(file, 1, null, "the file is empty; expected a header line.");
        int newline = buffer.AsSpan(start, length - start).IndexOf((byte)'\n');
        int next = newline < 0 ? length : start + newline + 1;
        var header = buffer.AsSpan(start, next - start).TrimEnd("\r\n"u8).ToArray();
        var remainder = ArrayPool<byte>.Shared.Rent(Math.Max(BlockSize, length - next));
        buffer.AsSpan(next, length - next).CopyTo(remainder);
        ArrayPool<byte>.Shared.Return(buffer);
        return (header, remainder, length - next);
    }

    private static void Produce(Stream stream, string file, byte[] buffer, int length, BlockingCollection<CsvBlock> blocks,
        ConcurrentBag<DataFormatException> errors, CancellationToken cancel)
    {
        try
        {
            int index = 0, line = 2;
            while (true)
            {
                bool ended = false;
                while (length < buffer.Length && !ended)
                {
                    int before = length;
                    length = Fill(stream, file, buffer, length, line);
                    ended = length == before;
                }
                if (ended)
                {
                    if (length > 0) blocks.Add(new CsvBlock(index, buffer, length, line), cancel);
                    else ArrayPool<byte>.Shared.Return(buffer);
                    return;
                }
                int cut = buffer.AsSpan(0, length).LastIndexOf((byte)'\n') + 1;
                if (cut == 0)
                {
                    Grow(ref buffer, length); // one line longer than a block
                    continue;
                }
                var next = ArrayPool<byte>.Shared.Rent(BlockSize);
                buffer.AsSpan(cut, length - cut).CopyTo(next);
                var block = new CsvBlock(index++, buffer, cut, line);
                line += block.Text.Count((byte)'\n');
                blocks.Add(block, cancel);
                (buffer, length) = (next, length - cut);
            }
        }
        catch (DataFormatException error)
        {
            errors.Add(error);
        }
        finally
        {
            blocks.CompleteAdding();
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the new length.</summary>
    private static int Fill(Stream stream, string file, byte[] buffer, int length, int line)
    {
        try
        {
            return length + stream.ReadAtLeast(buffer.AsSpan(length), buffer.Length - length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(file, line, null, $"the compressed data is damaged near this line ({e.Message}).");
        }
    }

    private static byte[] Grow(ref byte[] buffer, int length)
    {
        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return buffer = larger;
    }
}
