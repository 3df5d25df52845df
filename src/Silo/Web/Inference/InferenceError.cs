namespace KeypointGrains.Silo.Web.Inference;

/// <summary>What went wrong with a request to the front door, as the protocol reports it (HTTP status, gRPC status).</summary>
public enum InferenceFault
{
    /// <summary>400 / INVALID_ARGUMENT: the request itself is wrong (shape, datatype, values, JSON, binary parts).</summary>
    BadRequest,
    /// <summary>404 / NOT_FOUND: no such model (campaign) or version.</summary>
    NotFound,
    /// <summary>413 / RESOURCE_EXHAUSTED: a body beyond the configured limit.</summary>
    TooLarge,
    /// <summary>503 / UNAVAILABLE: nothing can serve it now (not ready, no trained member, the cluster did not answer).</summary>
    Unavailable,
}

/// <summary>A request the front door answers with an error: a message for the client and the fault that picks the status.</summary>
public sealed class InferenceError(InferenceFault fault, string message) : Exception(message)
{
    public InferenceFault Fault { get; } = fault;

    public int HttpStatus => Fault switch
    {
        InferenceFault.BadRequest => StatusCodes.Status400BadRequest,
        InferenceFault.NotFound => StatusCodes.Status404NotFound,
        InferenceFault.TooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    public global::Grpc.Core.StatusCode GrpcStatus => Fault switch
    {
        InferenceFault.BadRequest => global::Grpc.Core.StatusCode.InvalidArgument,
        InferenceFault.NotFound => global::Grpc.Core.StatusCode.NotFound,
        InferenceFault.TooLarge => global::Grpc.Core.StatusCode.ResourceExhausted,
        _ => global::Grpc.Core.StatusCode.Unavailable,
    };

    public static InferenceError Bad(string message) => new(InferenceFault.BadRequest, message);

    /// <summary>
    /// Any failure as the error the client gets: the front door answers every request with the protocol's statuses,
    /// never a 500; what is not the request's fault is the cluster's (it may serve again once a silo comes back).
    /// </summary>
    public static InferenceError Of(Exception error) => error switch
    {
        InferenceError known => known,
        TimeoutException => new(InferenceFault.Unavailable, $"The cluster did not answer in time: {error.Message}"),
        _ => new(InferenceFault.Unavailable, $"The cluster could not serve the request: {error.GetType().Name}: {error.Message}"),
    };
}
