using System.Diagnostics;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Grpc.Core;
using KeypointGrains.Silo.Web.Inference.Grpc;

namespace KeypointGrains.Silo.Web.Inference;

/// <summary>
/// The Open Inference Protocol's GRPCInferenceService: the same models, checks and serving path as the REST endpoints,
/// errors as the matching status codes with the same messages. Faces sent in raw_input_contents are answered in
/// raw_output_contents (as the protocol's clients read them), typed contents with typed contents.
/// </summary>
public sealed class InferenceGrpcService(ServedModels served, ILogger<InferenceGrpcService> logger) : GRPCInferenceService.GRPCInferenceServiceBase
{
    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = served.Accepting });

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerMetadataResponse
        {
            Name = ModelDescription.ServerName, Version = ModelDescription.ServerVersion, Extensions = { ModelDescription.Extensions },
        });

    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context) =>
        Answer("model_ready", async () =>
        {
            await served.Resolve(request.Name, request.Version);
            return new ModelReadyResponse { Ready = true };
        });

    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context) =>
        Answer("model_metadata", async () =>
        {
            var description = ModelDescription.Of(await served.Resolve(request.Name, request.Version));
            return new ModelMetadataResponse
            {
                Name = description.Name,
                Versions = { description.Version },
                Platform = ModelDescription.Platform,
                Inputs = { Tensor(FaceTensor.Name, FaceTensor.Uint8, FaceTensor.Shape) },
                Outputs = { Tensor(ModelDescription.Output, ModelDescription.OutputDatatype, ModelDescription.OutputShape) },
                Properties = { description.Properties },
            };
        });

    public override Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context) =>
        Answer("infer", async () =>
        {
            var manifest = await served.Resolve(request.ModelName, request.ModelVersion);
            if (request.Inputs.Count != 1)
                throw InferenceError.Bad($"The request has {request.Inputs.Count} inputs; the model takes one, '{FaceTensor.Name}'.");
            var input = request.Inputs[0];
            int faces = FaceTensor.Faces(input.Name, input.Datatype, input.Shape, served.Limits.MaxFacesPerRequest);
            bool raw = request.RawInputContents.Count > 0;
            var batch = raw ? FromRaw(request, input, faces) : FromContents(input, faces);
            foreach (var output in request.Outputs)
                if (output.Name != ModelDescription.Output)
                    throw InferenceError.Bad($"Unknown output '{output.Name}': the model gives one output, '{ModelDescription.Output}'.");
            FrontDoorMetrics.FacesReceived(Activity.Current, "grpc", faces);

            var prediction = await served.Predict(manifest, batch);
            var keypoints = new ModelInferResponse.Types.InferOutputTensor
            {
                Name = ModelDescription.Output, Datatype = ModelDescription.OutputDatatype, Shape = { prediction.Count, ClusterClient.Inference.EnsemblePrediction.ColumnsPerFace },
            };
            var response = new ModelInferResponse
            {
                ModelName = manifest.CampaignId, ModelVersion = ServedModels.VersionOf(manifest), Id = request.Id,
                Parameters =
                {
                    [ModelDescription.DegradedParameter] = new InferParameter { StringParam = string.Join(",", prediction.DegradedGroups) },
                    ["precision"] = new InferParameter { StringParam = prediction.Precision },
                },
                Outputs = { keypoints },
            };
            if (raw) response.RawOutputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(prediction.Coordinates.AsSpan())));
            else keypoints.Contents = new InferTensorContents { Fp32Contents = { prediction.Coordinates } };
            return response;
        });

    private static Contracts.Inference.FaceBatch FromRaw(ModelInferRequest request, ModelInferRequest.Types.InferInputTensor input, int faces)
    {
        if (request.RawInputContents.Count != request.Inputs.Count)
            throw InferenceError.Bad($"The request has {request.RawInputContents.Count} raw_input_contents for {request.Inputs.Count} input(s): one each.");
        if (input.Contents is not null)
            throw InferenceError.Bad($"Input '{FaceTensor.Name}' has both contents and raw_input_contents; send one.");
        return FaceTensor.FromBytes(request.RawInputContents[0].Span, input.Datatype, faces);
    }

    private static Contracts.Inference.FaceBatch FromContents(ModelInferRequest.Types.InferInputTensor input, int faces)
    {
        var contents = input.Contents ?? throw InferenceError.Bad($"Input '{FaceTensor.Name}' has neither contents nor raw_input_contents.");
        return input.Datatype == FaceTensor.Uint8
            ? FaceTensor.FromValues(contents.UintContents, faces, value => value)
            : FaceTensor.FromValues(contents.Fp32Contents, faces, value => value);
    }

    private static ModelMetadataResponse.Types.TensorMetadata Tensor(string name, string datatype, long[] shape) =>
        new() { Name = name, Datatype = datatype, Shape = { shape } };

    /// <summary>Runs a call, turning any failure into the status its REST twin would answer, and records the request.</summary>
    private async Task<T> Answer<T>(string endpoint, Func<Task<T>> handle)
    {
        long started = Stopwatch.GetTimestamp();
        var span = FrontDoorMetrics.Start("grpc", endpoint);
        try
        {
            var response = await handle();
            FrontDoorMetrics.Answered(span, "grpc", endpoint, nameof(StatusCode.OK), started, error: null);
            return response;
        }
        catch (Exception error)
        {
            var answer = InferenceError.Of(error);
            if (error is not InferenceError) logger.LogWarning(error, "gRPC {Endpoint} answered {Status}", endpoint, answer.GrpcStatus);
            FrontDoorMetrics.Answered(span, "grpc", endpoint, answer.GrpcStatus.ToString(), started, answer.Message);
            throw new RpcException(new Status(answer.GrpcStatus, answer.Message));
        }
    }
}
