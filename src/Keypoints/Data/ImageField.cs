using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace KeypointGrains.Keypoints.Data;

/// <summary>
/// The Image column: 9216 grey levels 0..255 separated by spaces, nearly all of a Kaggle file's text. Its canonical
/// form (1 to 3 digits per level, single spaces) takes a fast path; anything else is parsed exactly, which either reads
/// it or names the pixel at fault.
/// </summary>
internal static class ImageField
{
    /// <summary>Parses <paramref name="field"/> into one byte per pixel of <paramref name="destination"/>.</summary>
    public static void Parse(ReadOnlySpan<byte> field, Span<byte> destination, CsvHeader header, int line, int position)
    {
        if (!Vector256.IsHardwareAccelerated || !TryParseCanonical(field, destination))
            ParseExactly(field, destination, header, line, position);
    }

    /// <summary>The grey levels of all blocks, in order, scaled to [0,1] into one array.</summary>
    public static float[] ToPixels(IReadOnlyList<byte[]> blocks)
    {
        var offsets = new int[blocks.Count + 1];
        for (int b = 0; b < blocks.Count; b++) offsets[b + 1] = offsets[b] + blocks[b].Length;
        var pixels = GC.AllocateUninitializedArray<float>(offsets[^1]); // every value is written below
        Parallel.For(0, blocks.Count, b => GreyLevels.Scale(blocks[b], pixels.AsSpan(offsets[b], blocks[b].Length)));
        return pixels;
    }

    /// <summary>
    /// The canonical form, 32 bytes at a time: a vector of only digits and spaces gives a bit mask of its spaces, and each
    /// space ends a token whose last three bytes hold its digits. False at anything else (nothing is reported: the exact
    /// parser goes over the field again).
    /// </summary>
    private static unsafe bool TryParseCanonical(ReadOnlySpan<byte> field, Span<byte> destination)
    {
        int firstSpace = field.IndexOf((byte)' ');
        if (firstSpace is < 1 or > 3 || !int.TryParse(field[..firstSpace], NumberStyles.None, CultureInfo.InvariantCulture, out int first) || first > 255)
            return false;
        int count = 0;
        destination[count++] = (byte)first;
        var space = Vector256.Create((byte)' ');
        var zero = Vector256.Create((byte)'0');
        var ten = Vector256.Create((byte)10);
        fixed (byte* start = field)
        fixed (byte* output = destination)
        {
            // From the second token on, the three bytes before a token's end lie inside the field.
            byte* end = start + field.Length, tokenStart = start + firstSpace + 1, p = tokenStart;
            for (; p + Vector256<byte>.Count <= end; p += Vector256<byte>.Count)
            {
                var chunk = Vector256.Load(p);
                uint spaces = Vector256.ExtractMostSignificantBits(Vector256.Equals(chunk, space));
                uint digits = Vector256.ExtractMostSignificantBits(Vector256.LessThan(chunk - zero, ten));
                if ((spaces | digits) != uint.MaxValue) return false;
                for (; spaces != 0; spaces &= spaces - 1)
                {
                    byte* tokenEnd = p + BitOperations.TrailingZeroCount(spaces);
                    long length = tokenEnd - tokenStart;
                    // Without branches on the length (1, 2 or 3 at random): the tens and hundreds count only when present.
                    uint value = (uint)(tokenEnd[-1] - '0')
                                 + (uint)(tokenEnd[-2] - '0') * 10 * (uint)((ulong)(1 - length) >> 63)
                                 + (uint)(tokenEnd[-3] - '0') * 100 * (uint)((ulong)(2 - length) >> 63);
                    if ((ulong)(length - 1) > 2 || value > 255 || count == destination.Length) return false;
                    output[count++] = (byte)value;
                    tokenStart = tokenEnd + 1;
                }
            }
            // The rest, shorter than a vector, a byte at a time.
            for (p = tokenStart; p < end;)
            {
                byte* token = p;
                uint value = 0;
                for (; p < end && (uint)(*p - '0') <= 9; p++) value = value * 10 + (uint)(*p - '0');
                if ((ulong)(p - token - 1) > 2 || value > 255 || count == destination.Length) return false;
                output[count++] = (byte)value;
                if (p < end && *p++ != (byte)' ') return false;
            }
        }
        return count == destination.Length;
    }

    /// <summary>
    /// Any field: grey levels separated by runs of spaces. The usual token (1 to 3 digits, then a space) is still parsed
    /// by hand; anything else goes to <see cref="UnusualGreyLevel"/>, which parses it properly or says what is wrong.
    /// </summary>
    private static unsafe void ParseExactly(ReadOnlySpan<byte> field, Span<byte> destination, CsvHeader header, int line, int position)
    {
        int count = 0;
        fixed (byte* first = field)
        {
            byte* p = first, end = first + field.Length;
            while (p < end)
            {
                if (*p == (byte)' ')
                {
                    p++;
                    continue;
                }
                byte* token = p;
                uint value = (uint)(*p - '0'), digit;
                if (value <= 9 && ++p < end && (digit = (uint)(*p - '0')) <= 9)
                {
                    value = value * 10 + digit;
                    if (++p < end && (digit = (uint)(*p - '0')) <= 9)
                    {
                        value = value * 10 + digit;
                        p++;
                    }
                }
                if (value > 255 || (p < end && *p != (byte)' '))
                {
                    int tokenEnd = field[(int)(token - first)..].IndexOf((byte)' ');
                    var text = tokenEnd < 0 ? field[(int)(token - first)..] : field[(int)(token - first)..][..tokenEnd];
                    value = UnusualGreyLevel(text, header, line, position, count);
                    p = token + text.Length;
                }
                if (count < destination.Length) destination[count] = (byte)value;
                count++;
            }
        }
        if (count != destination.Length)
            throw header.Error(line, position, $"the image has {count} grey levels, expected {destination.Length} (96x96).");
    }

    private static uint UnusualGreyLevel(ReadOnlySpan<byte> token, CsvHeader header, int line, int position, int pixel)
    {
        if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            throw header.Error(line, position, $"{CsvHeader.Quote(token)} is not a whole number.", $", pixel {pixel + 1}");
        if (value is < 0 or > 255)
            throw header.Error(line, position, $"grey level {CsvHeader.Quote(token)} is outside 0..255.", $", pixel {pixel + 1}");
        return (uint)value;
    }
}
