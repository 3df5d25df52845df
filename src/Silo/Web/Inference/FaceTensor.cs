using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using KeypointGrains.Contracts.Inference;

namespace KeypointGrains.Silo.Web.Inference;

/// <summary>
/// The model's one input, "faces": grey levels 0–255 of 96x96 faces as Kaggle's files hold them, UINT8 or FP32, shape
/// [N,96,96] or [N,1,96,96]. Every way a client may send it (JSON data, binary parts, gRPC typed or raw contents) is
/// checked here and becomes the bytes the serving grain takes; a problem is a 400 that names the input and what was
/// expected.
/// </summary>
public static class FaceTensor
{
    public const string Name = "faces";
    public const string Uint8 = "UINT8";
    public const string Fp32 = "FP32";
    public const int Side = 96;
    public static readonly long[] Shape = [-1, Side, Side];

    /// <summary>How many faces a tensor of <paramref name="shape"/> holds, after checking its name, datatype and shape.</summary>
    public static int Faces(string? name, string? datatype, IReadOnlyList<long>? shape, int maxFaces)
    {
        if (name != Name) throw InferenceError.Bad($"Unknown input '{name}': the model takes one input, '{Name}'.");
        if (datatype is not (Uint8 or Fp32))
            throw InferenceError.Bad($"Input '{Name}' has datatype '{datatype}'; the model takes {Uint8} or {Fp32} grey levels 0-255.");
        bool fits = shape is [_, Side, Side] or [_, 1, Side, Side];
        long count = shape is { Count: > 0 } ? shape[0] : -1;
        if (!fits || count < 1)
            throw InferenceError.Bad($"Input '{Name}' has shape [{string.Join(",", shape ?? [])}]; the model takes [N,96,96] or [N,1,96,96] with N >= 1.");
        if (count > maxFaces)
            throw InferenceError.Bad($"Input '{Name}' holds {count} faces; at most {maxFaces} per request.");
        return (int)count;
    }

    /// <summary>Bytes a tensor of <paramref name="faces"/> faces of <paramref name="datatype"/> takes.</summary>
    public static long ByteSize(string datatype, int faces) =>
        (long)faces * FaceBatch.BytesPerFace * (datatype == Fp32 ? sizeof(float) : 1);

    /// <summary>A tensor's raw bytes: one per grey level (UINT8), or little-endian floats (FP32).</summary>
    public static FaceBatch FromBytes(ReadOnlySpan<byte> data, string datatype, int faces)
    {
        long expected = ByteSize(datatype, faces);
        if (data.Length != expected)
            throw InferenceError.Bad($"Input '{Name}' has {data.Length} bytes of data; {faces} faces of {datatype} take {expected}.");
        if (datatype == Uint8) return new FaceBatch(data.ToArray());
        var levels = new byte[faces * FaceBatch.BytesPerFace];
        for (int i = 0; i < levels.Length; i++)
            levels[i] = Level(BinaryPrimitives.ReadSingleLittleEndian(data[(i * sizeof(float))..]), i);
        return new FaceBatch(levels);
    }

    /// <summary>JSON "data": numbers, flat or nested in arrays as the shape goes (row-major either way).</summary>
    public static FaceBatch FromJson(JsonElement data, string datatype, int faces)
    {
        var levels = new byte[faces * FaceBatch.BytesPerFace];
        int count = 0;
        void Add(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray()) Add(item);
                return;
            }
            if (element.ValueKind != JsonValueKind.Number)
                throw InferenceError.Bad($"Input '{Name}' value {count} is {element.ValueKind.ToString().ToLowerInvariant()} '{Clip(element.GetRawText())}', not a number.");
            if (count == levels.Length)
                throw InferenceError.Bad($"Input '{Name}' has more values than {faces} faces of 96x96 ({levels.Length}).");
            levels[count] = datatype == Uint8
                ? element.TryGetInt32(out int whole) ? Level(whole, count)
                    : throw InferenceError.Bad($"Input '{Name}' value {count} is {Clip(element.GetRawText())}; {Uint8} takes whole numbers 0-255.")
                : Level(element.GetDouble(), count);
            count++;
        }
        Add(data);
        if (count != levels.Length)
            throw InferenceError.Bad($"Input '{Name}' has {count} values; {faces} faces of 96x96 take {levels.Length}.");
        return new FaceBatch(levels);
    }

    /// <summary>gRPC's typed contents: uint_contents for UINT8, fp32_contents for FP32.</summary>
    public static FaceBatch FromValues<T>(IReadOnlyList<T> values, int faces, Func<T, double> number)
    {
        int expected = faces * FaceBatch.BytesPerFace;
        if (values.Count != expected)
            throw InferenceError.Bad($"Input '{Name}' has {values.Count} values; {faces} faces of 96x96 take {expected}.");
        var levels = new byte[expected];
        for (int i = 0; i < expected; i++) levels[i] = Level(number(values[i]), i);
        return new FaceBatch(levels);
    }

    /// <summary>A grey level from 0 to 255; FP32 values in between are rounded to the nearest level the models know.</summary>
    private static byte Level(double value, int index) =>
        value is >= 0 and <= 255
            ? (byte)Math.Round(value)
            : throw InferenceError.Bad(
                $"Input '{Name}' value {index} is {value.ToString(CultureInfo.InvariantCulture)}; grey levels are 0 to 255.");

    /// <summary>A value quoted in an error message, cut short.</summary>
    internal static string Clip(string text) => text.Length > 24 ? text[..24] + "…" : text;
}
