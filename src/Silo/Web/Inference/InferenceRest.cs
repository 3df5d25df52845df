using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using KeypointGrains.ClusterClient.Inference;
using KeypointGrains.Contracts.Inference;
using Microsoft.AspNetCore.Http.Features;

namespace KeypointGrains.Silo.Web.Inference;

/// <summary>
/// The Open Inference Protocol over REST (/v2/...): health, server and model metadata, model readiness and inference,
/// a model being a campaign and a version its ensemble's manifest version. Every failure is {"error": "..."} with
/// 400, 404, 413 or 503, never a 500.
/// </summary>
public static class InferenceRest
{
    public static IEndpointRouteBuilder MapInferenceRest(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v2/health/live", () => Results.Json(new { live = true }));
        endpoints.MapGet("/v2/health/ready", (ServedModels served) => served.Accepting
            ? Results.Json(new { ready = true })
            : Results.Json(new { ready = false, error = "The server is starting or stopping." }, statusCode: StatusCodes.Status503ServiceUnavailable));
        endpoints.MapGet("/v2", () => Results.Json(new
        {
            name = ModelDescription.ServerName, version = ModelDescription.ServerVersion, extensions = ModelDescription.Extensions,
        }));
        MapModel(endpoints, "", "GET", "model_metadata", async (context, served, model, version) =>
        {
            var description = ModelDescription.Of(await served.Resolve(model, version));
            var tensor = (string name, string datatype, long[] shape) => new { name, datatype, shape };
            await context.Response.WriteAsJsonAsync(new
            {
                name = description.Name, versions = new[] { description.Version }, platform = ModelDescription.Platform,
                inputs = new[] { tensor(FaceTensor.Name, FaceTensor.Uint8, FaceTensor.Shape) },
                outputs = new[] { tensor(ModelDescription.Output, ModelDescription.OutputDatatype, ModelDescription.OutputShape) },
                parameters = description.Properties,
            });
        });
        MapModel(endpoints, "/ready", "GET", "model_ready", async (context, served, model, version) =>
        {
            await served.Resolve(model, version);
            await context.Response.WriteAsJsonAsync(new { name = model, ready = true });
        });
        MapModel(endpoints, "/infer", "POST", "infer", Infer);
        // Anything else under /v2 is the protocol's 404, with its error object.
        endpoints.Map("/v2/{**path}", (HttpContext context) => Results.Json(
            new { error = $"No endpoint {context.Request.Method} {context.Request.Path} in the Open Inference Protocol." },
            statusCode: StatusCodes.Status404NotFound));
        return endpoints;
    }

    private delegate Task ModelHandler(HttpContext context, ServedModels served, string model, string? version);

    /// <summary>A model endpoint with and without /versions/{version}, answered through <see cref="Answer"/>.</summary>
    private static void MapModel(IEndpointRouteBuilder endpoints, string suffix, string method, string name, ModelHandler handle)
    {
        foreach (var pattern in new[] { "/v2/models/{model}" + suffix, "/v2/models/{model}/versions/{version}" + suffix })
            endpoints.MapMethods(pattern, [method], (HttpContext context, ServedModels served, string model, string? version) =>
                Answer(context, name, () => handle(context, served, model, version)));
    }

    private static async Task Infer(HttpContext context, ServedModels served, string model, string? version)
    {
        var manifest = await served.Resolve(model, version);
        var body = await ReadBody(context.Request, served.Limits.MaxRequestBytes);
        var request = RestInferRequest.Parse(body, context.Request.Headers[RestInferRequest.HeaderLengthHeader].FirstOrDefault(),
            served.Limits.MaxFacesPerRequest);
        FrontDoorMetrics.FacesReceived(Activity.Current, "http", request.Faces.Count);
        var prediction = await served.Predict(manifest, request.Faces);
        await WriteAnswer(context.Response, manifest, request, prediction);
    }

    /// <summary>Runs an endpoint, turning any failure into the protocol's error object, and records the request.</summary>
    private static async Task Answer(HttpContext context, string endpoint, Func<Task> handle)
    {
        long started = Stopwatch.GetTimestamp();
        var span = FrontDoorMetrics.Start("http", endpoint);
        string? message = null;
        try
        {
            await handle();
        }
        catch (Exception error)
        {
            var answer = InferenceError.Of(error);
            message = answer.Message;
            if (error is not InferenceError)
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InferenceRest))
                    .LogWarning(error, "{Method} {Path} answered {Status}", context.Request.Method, context.Request.Path, answer.HttpStatus);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = answer.HttpStatus;
                await context.Response.WriteAsJsonAsync(new { error = answer.Message });
            }
        }
        FrontDoorMetrics.Answered(span, "http", endpoint, context.Response.StatusCode.ToString(), started, message);
    }

    /// <summary>The whole body, refused with 413 beyond <paramref name="limit"/> bytes (declared or sent).</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBody(HttpRequest request, int limit)
    {
        var tooLarge = new InferenceError(InferenceFault.TooLarge, $"The request body is larger than the limit of {limit} bytes (FrontDoor:MaxRequestBytes).");
        if (request.ContentLength > limit) throw tooLarge;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        try
        {
            if (request.ContentLength is { } length)
            {
                var body = new byte[length];
                await request.Body.ReadExactlyAsync(body);
                return body;
            }
            using var copy = new MemoryStream();
            await request.Body.CopyToAsync(copy);
            return copy.GetBuffer().AsMemory(0, (int)copy.Length);
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw tooLarge;
        }
        catch (Exception error) when (error is BadHttpRequestException or EndOfStreamException)
        {
            throw InferenceError.Bad($"The request body ended early: {error.Message}");
        }
    }

    /// <summary>The protocol's response object; the keypoints as JSON numbers, or as little-endian floats after it.</summary>
    private static async Task WriteAnswer(HttpResponse response, EnsembleManifest manifest, RestInferRequest request, EnsemblePrediction prediction)
    {
        var coordinates = MemoryMarshal.AsBytes(prediction.Coordinates.AsSpan()).ToArray();
        var buffer = new ArrayBufferWriter<byte>(request.BinaryOutput ? 512 : 512 + 12 * prediction.Coordinates.Length);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model_name", manifest.CampaignId);
            json.WriteString("model_version", ServedModels.VersionOf(manifest));
            if (request.Id is not null) json.WriteString("id", request.Id);
            json.WriteStartObject("parameters");
            json.WriteString(ModelDescription.DegradedParameter, string.Join(",", prediction.DegradedGroups));
            json.WriteString("precision", prediction.Precision);
            json.WriteEndObject();
            json.WriteStartArray("outputs");
            json.WriteStartObject();
            json.WriteString("name", ModelDescription.Output);
            json.WriteString("datatype", ModelDescription.OutputDatatype);
            json.WriteStartArray("shape");
            json.WriteNumberValue(prediction.Count);
            json.WriteNumberValue(EnsemblePrediction.ColumnsPerFace);
            json.WriteEndArray();
            if (request.BinaryOutput)
            {
                json.WriteStartObject("parameters");
                json.WriteNumber("binary_data_size", coordinates.Length);
                json.WriteEndObject();
            }
            else
            {
                json.WriteStartArray("data");
                foreach (var value in prediction.Coordinates) json.WriteNumberValue(value);
                json.WriteEndArray();
            }
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        if (!request.BinaryOutput)
        {
            response.ContentType = "application/json";
            response.ContentLength = buffer.WrittenCount;
            await response.Body.WriteAsync(buffer.WrittenMemory);
            return;
        }
        response.ContentType = "application/octet-stream";
        response.Headers[RestInferRequest.HeaderLengthHeader] = buffer.WrittenCount.ToString();
        response.ContentLength = buffer.WrittenCount + coordinates.Length;
        await response.Body.WriteAsync(buffer.WrittenMemory);
        await response.Body.WriteAsync(coordinates);
    }
}
