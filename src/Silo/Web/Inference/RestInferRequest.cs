using System.Globalization;
using System.Text.Json;
using KeypointGrains.Contracts.Inference;

namespace KeypointGrains.Silo.Web.Inference;

/// <summary>
/// An inference request over REST: the protocol's JSON object, its tensor as JSON "data" or, with the binary tensor data
/// extension, as bytes after a JSON header of Inference-Header-Content-Length bytes (the input's binary_data_size
/// parameter says how many). Binary outputs are asked for with binary_data on the output or binary_data_output on the
/// request.
/// </summary>
public sealed record RestInferRequest(string? Id, FaceBatch Faces, bool BinaryOutput)
{
    public const string HeaderLengthHeader = "Inference-Header-Content-Length";

    public static RestInferRequest Parse(ReadOnlyMemory<byte> body, string? headerLength, int maxFaces)
    {
        int jsonLength = body.Length;
        if (headerLength is not null
            && (!int.TryParse(headerLength, NumberStyles.None, CultureInfo.InvariantCulture, out jsonLength) || jsonLength > body.Length))
            throw InferenceError.Bad($"{HeaderLengthHeader} is '{FaceTensor.Clip(headerLength)}', but the body holds {body.Length} bytes: " +
                                     "it gives the length of the JSON header, from 0 to the body's length.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body[..jsonLength]);
        }
        catch (JsonException error)
        {
            throw InferenceError.Bad($"Malformed JSON: {error.Message}");
        }
        using (document)
            return Read(document.RootElement, body.Span[jsonLength..], maxFaces);
    }

    private static RestInferRequest Read(JsonElement root, ReadOnlySpan<byte> binary, int maxFaces)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw InferenceError.Bad($"The request is a JSON object with 'inputs', not {Kind(root)}.");
        var id = Text(root, "id", "The request's 'id'");
        bool binaryOutput = Flag(root, "binary_data_output", "The request's parameter 'binary_data_output'");
        if (!root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array || inputs.GetArrayLength() != 1)
            throw InferenceError.Bad($"The request's 'inputs' is an array of one input, '{FaceTensor.Name}'.");
        var input = inputs[0];
        if (input.ValueKind != JsonValueKind.Object)
            throw InferenceError.Bad($"The request's input is a JSON object, not {Kind(input)}.");
        var datatype = Text(input, "datatype", "An input's 'datatype'");
        int faces = FaceTensor.Faces(Text(input, "name", "An input's 'name'"), datatype, Shape(input), maxFaces);

        FaceBatch batch;
        if (Parameter(input, "binary_data_size") is { } declared)
        {
            if (!declared.TryGetInt64(out long size) || size < 0)
                throw InferenceError.Bad($"Input '{FaceTensor.Name}' has binary_data_size {FaceTensor.Clip(declared.GetRawText())}; it is a byte count.");
            if (size > binary.Length)
                throw InferenceError.Bad($"Input '{FaceTensor.Name}' declares binary_data_size {size}, but {binary.Length} bytes follow the JSON header.");
            if (size < binary.Length)
                throw InferenceError.Bad($"{binary.Length} bytes follow the JSON header, but input '{FaceTensor.Name}' declares {size} and no other input takes the rest.");
            batch = FaceTensor.FromBytes(binary, datatype!, faces);
        }
        else
        {
            if (binary.Length > 0)
                throw InferenceError.Bad($"{binary.Length} bytes follow the JSON header, but input '{FaceTensor.Name}' declares no binary_data_size.");
            if (!input.TryGetProperty("data", out var data))
                throw InferenceError.Bad($"Input '{FaceTensor.Name}' has neither 'data' nor a binary_data_size parameter.");
            batch = FaceTensor.FromJson(data, datatype!, faces);
        }

        if (root.TryGetProperty("outputs", out var outputs))
        {
            if (outputs.ValueKind != JsonValueKind.Array)
                throw InferenceError.Bad($"The request's 'outputs' is an array, not {Kind(outputs)}.");
            foreach (var output in outputs.EnumerateArray())
            {
                var name = output.ValueKind == JsonValueKind.Object ? Text(output, "name", "An output's 'name'") : null;
                if (name != ModelDescription.Output)
                    throw InferenceError.Bad($"Unknown output '{name}': the model gives one output, '{ModelDescription.Output}'.");
                binaryOutput |= Flag(output, "binary_data", $"Output '{name}''s parameter 'binary_data'");
            }
        }
        return new RestInferRequest(id, batch, binaryOutput);
    }

    private static long[] Shape(JsonElement input)
    {
        if (!input.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array)
            throw InferenceError.Bad($"Input '{FaceTensor.Name}' needs a 'shape': [N,96,96] or [N,1,96,96].");
        return shape.EnumerateArray()
            .Select(d => d.ValueKind == JsonValueKind.Number && d.TryGetInt64(out long size) ? size
                : throw InferenceError.Bad($"Input '{FaceTensor.Name}' has a shape dimension {FaceTensor.Clip(d.GetRawText())}; dimensions are whole numbers."))
            .ToArray();
    }

    private static string? Text(JsonElement element, string property, string what) =>
        !element.TryGetProperty(property, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw InferenceError.Bad($"{what} is a string, not {Kind(value)}.");

    private static JsonElement? Parameter(JsonElement element, string name)
    {
        if (!element.TryGetProperty("parameters", out var parameters)) return null;
        if (parameters.ValueKind != JsonValueKind.Object)
            throw InferenceError.Bad($"'parameters' is an object of names and values, not {Kind(parameters)}.");
        return parameters.TryGetProperty(name, out var value) ? value : null;
    }

    private static bool Flag(JsonElement element, string name, string what) =>
        Parameter(element, name) is not { } value ? false
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw InferenceError.Bad($"{what} is true or false, not {FaceTensor.Clip(value.GetRawText())}.");

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => element.ValueKind.ToString().ToLowerInvariant(),
    };
}
