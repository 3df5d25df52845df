using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Observability.Tests.Support;
using KeypointGrains.Silo.Web.Inference.Grpc;
using System.Runtime.InteropServices;

namespace KeypointGrains.Observability.Tests.FrontDoor;

/// <summary>The Open Inference Protocol's GRPCInferenceService on a silo host, through a client generated from our .proto.</summary>
[Collection(ServingSiloCollection.Name)]
public sealed class FrontDoorGrpcTests(ServingSilo silo) : IDisposable
{
    private readonly Lazy<GrpcChannel> channel = new(() => GrpcChannel.ForAddress($"http://{silo.GrpcAddress}"));

    private GRPCInferenceService.GRPCInferenceServiceClient Client => new(channel.Value);

    public void Dispose()
    {
        if (channel.IsValueCreated) channel.Value.Dispose();
    }

    [SkippableFact]
    public async Task Health_and_metadata_answer_as_over_REST()
    {
        silo.RequireCampaign();
        Assert.True((await Client.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.True((await Client.ServerReadyAsync(new ServerReadyRequest())).Ready);
        var server = await Client.ServerMetadataAsync(new ServerMetadataRequest());
        Assert.Equal("keypointgrains", server.Name);
        Assert.Contains("binary_tensor_data", server.Extensions);
        Assert.True((await Client.ModelReadyAsync(new ModelReadyRequest { Name = ServingSilo.Campaign })).Ready);

        var model = await Client.ModelMetadataAsync(new ModelMetadataRequest { Name = ServingSilo.Campaign, Version = silo.Manifest.Version.ToString() });
        Assert.Equal([silo.Manifest.Version.ToString()], model.Versions);
        var input = Assert.Single(model.Inputs);
        Assert.Equal(("faces", "UINT8"), (input.Name, input.Datatype));
        Assert.Equal([-1L, 96, 96], input.Shape);
        var output = Assert.Single(model.Outputs);
        Assert.Equal(("keypoints", "FP32"), (output.Name, output.Datatype));
        Assert.Equal(KeypointSchema.Columns, model.Properties["columns"].Split(','));
    }

    [SkippableFact]
    public async Task Raw_and_typed_contents_get_the_clusters_own_answers()
    {
        silo.RequireCampaign();
        var expected = await silo.Expected(silo.Faces);

        var raw = Request("UINT8", [4, 96, 96]);
        raw.RawInputContents.Add(ByteString.CopyFrom(silo.Faces.Pixels));
        var rawAnswer = await Client.ModelInferAsync(raw);
        Assert.Equal(silo.Manifest.Version.ToString(), rawAnswer.ModelVersion);
        Assert.Equal("request-1", rawAnswer.Id);
        Assert.Equal([4L, 30], Assert.Single(rawAnswer.Outputs).Shape);
        ServingSilo.AssertClose(expected, MemoryMarshal.Cast<byte, float>(Assert.Single(rawAnswer.RawOutputContents).Span).ToArray());

        var typed = Request("UINT8", [4, 96, 96]);
        typed.Inputs[0].Contents = new InferTensorContents { UintContents = { silo.Faces.Pixels.Select(b => (uint)b) } };
        ServingSilo.AssertClose(expected, (await Client.ModelInferAsync(typed)).Outputs[0].Contents.Fp32Contents.ToArray());

        var floats = Request("FP32", [4, 1, 96, 96]);
        floats.Inputs[0].Contents = new InferTensorContents { Fp32Contents = { silo.Faces.Pixels.Select(b => (float)b) } };
        ServingSilo.AssertClose(expected, (await Client.ModelInferAsync(floats)).Outputs[0].Contents.Fp32Contents.ToArray());
    }

    [SkippableFact]
    public async Task Errors_are_the_matching_status_codes_with_the_REST_messages()
    {
        silo.RequireCampaign();
        var unknown = Request("UINT8", [1, 96, 96]);
        unknown.ModelName = "no-such-campaign";
        unknown.RawInputContents.Add(ByteString.CopyFrom(new byte[FaceBatch.BytesPerFace]));
        Assert.Equal(StatusCode.NotFound, (await Refused(unknown)).StatusCode);

        var shape = Request("UINT8", [1, 96]);
        shape.RawInputContents.Add(ByteString.CopyFrom(new byte[FaceBatch.BytesPerFace]));
        var badShape = await Refused(shape);
        Assert.Equal(StatusCode.InvalidArgument, badShape.StatusCode);
        Assert.Contains("[1,96]", badShape.Status.Detail);

        var short_ = Request("UINT8", [1, 96, 96]);
        short_.RawInputContents.Add(ByteString.CopyFrom(new byte[100]));
        Assert.Contains("take 9216", (await Refused(short_)).Status.Detail);

        var level = Request("UINT8", [1, 96, 96]);
        level.Inputs[0].Contents = new InferTensorContents { UintContents = { Enumerable.Repeat(300u, FaceBatch.BytesPerFace) } };
        Assert.Contains("0 to 255", (await Refused(level)).Status.Detail);

        var tooLarge = Request("UINT8", [1, 96, 96]);
        tooLarge.RawInputContents.Add(ByteString.CopyFrom(new byte[ServingSilo.MaxBytes + 1]));
        Assert.Equal(StatusCode.ResourceExhausted, (await Refused(tooLarge)).StatusCode);

        // The service still serves.
        var good = Request("UINT8", [1, 96, 96]);
        good.RawInputContents.Add(ByteString.CopyFrom(new byte[FaceBatch.BytesPerFace]));
        Assert.Single((await Client.ModelInferAsync(good)).RawOutputContents);
    }

    private static ModelInferRequest Request(string datatype, long[] shape) => new()
    {
        ModelName = ServingSilo.Campaign,
        Id = "request-1",
        Inputs = { new ModelInferRequest.Types.InferInputTensor { Name = "faces", Datatype = datatype, Shape = { shape } } },
    };

    private async Task<RpcException> Refused(ModelInferRequest request) =>
        await Assert.ThrowsAsync<RpcException>(async () => await Client.ModelInferAsync(request));
}
