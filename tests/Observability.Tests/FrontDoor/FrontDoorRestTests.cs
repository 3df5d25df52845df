using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Observability.Tests.Support;

namespace KeypointGrains.Observability.Tests.FrontDoor;

/// <summary>The Open Inference Protocol over REST on a silo host, as an HttpClient sees it.</summary>
[Collection(ServingSiloCollection.Name)]
public class FrontDoorRestTests(ServingSilo silo)
{
    private string Model => $"/v2/models/{ServingSilo.Campaign}";
    private string Version => silo.Manifest.Version.ToString();

    [SkippableFact]
    public async Task Health_server_metadata_and_model_readiness_answer_as_the_protocol_says()
    {
        silo.RequireCampaign();
        Assert.True((await Json("/v2/health/live")).GetProperty("live").GetBoolean());
        Assert.True((await Json("/v2/health/ready")).GetProperty("ready").GetBoolean());
        var server = await Json("/v2");
        Assert.Equal("keypointgrains", server.GetProperty("name").GetString());
        Assert.Contains("binary_tensor_data", server.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
        foreach (var path in new[] { $"{Model}/ready", $"{Model}/versions/{Version}/ready" })
        {
            var ready = await Json(path);
            Assert.True(ready.GetProperty("ready").GetBoolean());
            Assert.Equal(ServingSilo.Campaign, ready.GetProperty("name").GetString());
        }
    }

    [SkippableFact]
    public async Task Model_metadata_names_the_input_the_output_the_columns_and_the_members()
    {
        silo.RequireCampaign();
        var metadata = await Json($"{Model}/versions/{Version}");
        Assert.Equal(ServingSilo.Campaign, metadata.GetProperty("name").GetString());
        Assert.Equal([Version], metadata.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        var input = metadata.GetProperty("inputs").EnumerateArray().Single();
        Assert.Equal("faces", input.GetProperty("name").GetString());
        Assert.Equal("UINT8", input.GetProperty("datatype").GetString());
        Assert.Equal([-1L, 96, 96], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        var output = metadata.GetProperty("outputs").EnumerateArray().Single();
        Assert.Equal(("keypoints", "FP32"), (output.GetProperty("name").GetString(), output.GetProperty("datatype").GetString()));
        Assert.Equal([-1L, 30], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        var parameters = metadata.GetProperty("parameters");
        Assert.Equal(KeypointSchema.Columns, parameters.GetProperty("columns").GetString()!.Split(','));
        Assert.Equal(silo.Manifest.Members.Select(m => m.Model), parameters.GetProperty("members").GetString()!.Split(','));
    }

    [SkippableFact]
    public async Task Json_data_flat_or_nested_UINT8_or_FP32_gets_the_clusters_own_answers()
    {
        silo.RequireCampaign();
        var expected = await silo.Expected(silo.Faces);
        var levels = silo.Faces.Pixels.Select(b => (int)b).ToArray();
        var flat = await Infer(new { id = "flat", inputs = new[] { new { name = "faces", datatype = "UINT8", shape = new[] { 4, 96, 96 }, data = (object)levels } } });
        Assert.Equal("flat", flat.GetProperty("id").GetString());
        Assert.Equal(Version, flat.GetProperty("model_version").GetString());
        Assert.Equal("", flat.GetProperty("parameters").GetProperty("degraded_groups").GetString());
        ServingSilo.AssertClose(expected, Keypoints(flat, faces: 4));

        // [N,1,96,96] as nested arrays of FP32 grey levels.
        var nested = levels.Chunk(96).Chunk(96).Select(face => new[] { face.Select(row => row.Select(v => (float)v).ToArray()).ToArray() }).ToArray();
        var answer = await Infer(new { inputs = new[] { new { name = "faces", datatype = "FP32", shape = new[] { 4, 1, 96, 96 }, data = (object)nested } } },
            $"{Model}/versions/{Version}/infer");
        ServingSilo.AssertClose(expected, Keypoints(answer, faces: 4));
    }

    [SkippableFact]
    public async Task Binary_tensor_data_in_and_out_gets_the_clusters_own_answers()
    {
        silo.RequireCampaign();
        var expected = await silo.Expected(silo.Faces);
        var response = await silo.Http.SendAsync(BinaryRequest(silo.Faces.Pixels,
            """{"name":"faces","datatype":"UINT8","shape":[4,96,96],"parameters":{"binary_data_size":36864}}""",
            ""","outputs":[{"name":"keypoints","parameters":{"binary_data":true}}]"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();
        int headerLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single());
        var header = JsonDocument.Parse(body.AsMemory(0, headerLength)).RootElement;
        var output = header.GetProperty("outputs")[0];
        Assert.Equal(4 * 30 * 4, output.GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.False(output.TryGetProperty("data", out _));
        ServingSilo.AssertClose(expected, MemoryMarshal.Cast<byte, float>(body.AsSpan(headerLength)).ToArray());
    }

    /// <summary>Malformed requests of every kind: each a 4xx with an error object that says what is wrong, none a 5xx.</summary>
    [SkippableFact]
    public async Task Bad_requests_are_refused_with_the_protocols_errors_and_the_next_good_one_is_served()
    {
        silo.RequireCampaign();
        const string face = """{"name":"faces","datatype":"UINT8","shape":[1,96,96]""";
        string Data(string values) => $$"""{"inputs":[{{face}},"data":[{{values}}]}]}""";
        string Zeros(int count, string last = "0") => string.Join(",", Enumerable.Repeat("0", count - 1).Append(last));
        var zeros = new byte[FaceBatch.BytesPerFace];
        var nanFace = MemoryMarshal.AsBytes(Enumerable.Repeat(float.NaN, FaceBatch.BytesPerFace).ToArray().AsSpan()).ToArray();
        var cases = new (string Name, Func<HttpRequestMessage> Request, HttpStatusCode Status, string Says)[]
        {
            ("malformed JSON", () => JsonText("{\"inputs\": ["), HttpStatusCode.BadRequest, "Malformed JSON"),
            ("an array for a request", () => JsonText("[]"), HttpStatusCode.BadRequest, "JSON object"),
            ("no inputs", () => JsonText("{}"), HttpStatusCode.BadRequest, "'inputs'"),
            ("inputs not an array", () => JsonText("""{"inputs":{}}"""), HttpStatusCode.BadRequest, "'inputs'"),
            ("two inputs", () => JsonText($$"""{"inputs":[{{face}},"data":[]},{{face}},"data":[]}]}"""), HttpStatusCode.BadRequest, "'inputs'"),
            ("unknown input", () => JsonText("""{"inputs":[{"name":"pixels","datatype":"UINT8","shape":[1,96,96],"data":[]}]}"""), HttpStatusCode.BadRequest, "'pixels'"),
            ("unknown datatype", () => JsonText("""{"inputs":[{"name":"faces","datatype":"INT64","shape":[1,96,96],"data":[]}]}"""), HttpStatusCode.BadRequest, "INT64"),
            ("datatype a number", () => JsonText("""{"inputs":[{"name":"faces","datatype":8,"shape":[1,96,96],"data":[]}]}"""), HttpStatusCode.BadRequest, "'datatype'"),
            ("no shape", () => JsonText("""{"inputs":[{"name":"faces","datatype":"UINT8","data":[]}]}"""), HttpStatusCode.BadRequest, "shape"),
            ("wrong shape", () => JsonText("""{"inputs":[{"name":"faces","datatype":"UINT8","shape":[1,96],"data":[]}]}"""), HttpStatusCode.BadRequest, "[1,96]"),
            ("no faces", () => JsonText("""{"inputs":[{"name":"faces","datatype":"UINT8","shape":[0,96,96],"data":[]}]}"""), HttpStatusCode.BadRequest, "N >= 1"),
            ("a text dimension", () => JsonText("""{"inputs":[{"name":"faces","datatype":"UINT8","shape":["1",96,96],"data":[]}]}"""), HttpStatusCode.BadRequest, "dimension"),
            ("too many faces", () => JsonText("""{"inputs":[{"name":"faces","datatype":"UINT8","shape":[9,96,96],"data":[]}]}"""), HttpStatusCode.BadRequest, "at most 8"),
            ("too few values", () => JsonText(Data(Zeros(10))), HttpStatusCode.BadRequest, "10 values"),
            ("too many values", () => JsonText(Data(Zeros(9217))), HttpStatusCode.BadRequest, "more values"),
            ("a level above 255", () => JsonText(Data(Zeros(9216, "256"))), HttpStatusCode.BadRequest, "value 9215 is 256"),
            ("a negative level", () => JsonText(Data(Zeros(9216, "-1"))), HttpStatusCode.BadRequest, "0 to 255"),
            ("a fraction for UINT8", () => JsonText(Data(Zeros(9216, "1.5"))), HttpStatusCode.BadRequest, "whole numbers"),
            ("a string value", () => JsonText(Data(Zeros(9216, "\"NaN\""))), HttpStatusCode.BadRequest, "not a number"),
            ("no data", () => JsonText($$"""{"inputs":[{{face}}}]}"""), HttpStatusCode.BadRequest, "neither 'data'"),
            ("unknown output", () => JsonText($$"""{"inputs":[{{face}},"data":[{{Zeros(9216)}}]}],"outputs":[{"name":"landmarks"}]}"""), HttpStatusCode.BadRequest, "'landmarks'"),
            ("binary_data not a flag", () => JsonText($$$"""{"inputs":[{{{face}}},"data":[{{{Zeros(9216)}}}]}],"outputs":[{"name":"keypoints","parameters":{"binary_data":"yes"}}]}"""), HttpStatusCode.BadRequest, "true or false"),
            ("a header length beyond the body", () => Lying(BinaryRequest(zeros, Binary(9216)), "999999"), HttpStatusCode.BadRequest, "Inference-Header-Content-Length"),
            ("a header length not a number", () => Lying(BinaryRequest(zeros, Binary(9216)), "ten"), HttpStatusCode.BadRequest, "Inference-Header-Content-Length"),
            ("a truncated binary part", () => BinaryRequest(zeros[..9000], Binary(9216)), HttpStatusCode.BadRequest, "declares binary_data_size 9216"),
            ("an oversized binary part", () => BinaryRequest([.. zeros, 0, 0], Binary(9216)), HttpStatusCode.BadRequest, "9218 bytes follow"),
            ("a binary size the shape does not take", () => BinaryRequest(zeros[..100], Binary(100)), HttpStatusCode.BadRequest, "take 9216"),
            ("bytes after JSON data", () => BinaryRequest(zeros, $$"""{{face}},"data":[{{Zeros(9216)}}]}"""), HttpStatusCode.BadRequest, "no binary_data_size"),
            ("NaN in FP32 bytes", () => BinaryRequest(nanFace, """{"name":"faces","datatype":"FP32","shape":[1,96,96],"parameters":{"binary_data_size":36864}}"""), HttpStatusCode.BadRequest, "NaN"),
            ("an unknown model", () => JsonText(Data(Zeros(9216)), "/v2/models/no-such-campaign/infer"), HttpStatusCode.NotFound, "no-such-campaign"),
            ("an unknown version", () => JsonText(Data(Zeros(9216)), $"{Model}/versions/999/infer"), HttpStatusCode.NotFound, "version '999'"),
            ("a body beyond the limit", () => BinaryRequest(new byte[ServingSilo.MaxBytes + 1], Binary(ServingSilo.MaxBytes + 1)), HttpStatusCode.RequestEntityTooLarge, "limit"),
            ("an endpoint the protocol lacks", () => new HttpRequestMessage(HttpMethod.Get, $"{Model}/explain"), HttpStatusCode.NotFound, "explain"),
        };
        Assert.True(cases.Length >= 20);

        var wrong = new List<string>();
        foreach (var (name, request, status, says) in cases)
        {
            var response = await silo.Http.SendAsync(request());
            var text = await response.Content.ReadAsStringAsync();
            string? error = null;
            try { error = JsonDocument.Parse(text).RootElement.GetProperty("error").GetString(); }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { }
            if (response.StatusCode != status || error is null || !error.Contains(says))
                wrong.Add($"{name}: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
            Assert.True((int)response.StatusCode < 500, $"{name} was answered {(int)response.StatusCode}: {text}");
        }
        Assert.Empty(wrong);

        var good = await Infer(new { inputs = new[] { new { name = "faces", datatype = "UINT8", shape = new[] { 1, 96, 96 }, data = new int[FaceBatch.BytesPerFace] } } });
        Assert.Equal(30, Keypoints(good, faces: 1).Length);
    }

    private static string Binary(int size) => $$$"""{"name":"faces","datatype":"UINT8","shape":[1,96,96],"parameters":{"binary_data_size":{{{size}}}}}""";

    private HttpRequestMessage JsonText(string json, string? path = null) =>
        new(HttpMethod.Post, path ?? $"{Model}/infer") { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    /// <summary>A request of the binary tensor data extension: its JSON header, then <paramref name="binary"/>.</summary>
    private HttpRequestMessage BinaryRequest(byte[] binary, string input, string rest = "")
    {
        var header = Encoding.UTF8.GetBytes($$"""{"inputs":[{{input}}]{{rest}}}""");
        var content = new ByteArrayContent([.. header, .. binary]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString());
        return new HttpRequestMessage(HttpMethod.Post, $"{Model}/infer") { Content = content };
    }

    private static HttpRequestMessage Lying(HttpRequestMessage request, string headerLength)
    {
        request.Content!.Headers.Remove("Inference-Header-Content-Length");
        request.Content.Headers.Add("Inference-Header-Content-Length", headerLength);
        return request;
    }

    private async Task<JsonElement> Json(string path)
    {
        var response = await silo.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> Infer(object request, string? path = null)
    {
        var response = await silo.Http.PostAsJsonAsync(path ?? $"{Model}/infer", request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static float[] Keypoints(JsonElement answer, int faces)
    {
        var output = answer.GetProperty("outputs").EnumerateArray().Single();
        Assert.Equal("keypoints", output.GetProperty("name").GetString());
        Assert.Equal([(long)faces, 30], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        return output.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
    }
}
