using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace KeypointGrains.Hosting.Storage;

/// <summary>
/// The Azure Storage clients of a silo (state, checkpoints, membership, reminders), with one retry policy: a few quick
/// retries, so that an outage surfaces within seconds as one failure its caller waits out, instead of a call that
/// backs off for half a minute and outlives the grain call that made it. A storage that goes silent (a partition: no
/// refusal, packets dropped) would hold a request for the SDK's 100 s network timeout, each retry again; a request
/// here gets <see cref="NetworkTimeout"/>, and checkpoints travel in blocks small enough to pass well within it.
/// </summary>
public static class AzureStorageClients
{
    /// <summary>How long one request, or one read of an answer, may go without completing.</summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(10);

    public static BlobServiceClient Blobs(string connectionString) => new(connectionString, Quick(new BlobClientOptions()));

    public static TableServiceClient Tables(string connectionString) => new(connectionString, Quick(new TableClientOptions()));

    private static T Quick<T>(T options) where T : ClientOptions
    {
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromSeconds(0.5);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(4);
        options.Retry.NetworkTimeout = NetworkTimeout;
        return options;
    }
}
