using System.Collections.Concurrent;
using Orleans.Storage;

namespace KeypointGrains.Cluster.Tests.Support;

/// <summary>
/// Grain storage that stores every write, but answers the next write of a grain it was told about with the error a
/// connection dropped after the request gives ("response ended prematurely"): the write landed, its writer does not
/// know, and the writer's ETag stays the one before, as with Azure Blob storage.
/// </summary>
public sealed class LostAnswerStorage(IGrainStorage stored) : IGrainStorage
{
    private static readonly ConcurrentDictionary<string, bool> LoseNext = new();

    /// <summary>The next state write of the grain keyed <paramref name="grainKey"/> lands but its answer is lost.</summary>
    public static void LoseNextAnswer(string grainKey) => LoseNext[grainKey] = true;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        stored.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var etagBefore = grainState.ETag;
        await stored.WriteStateAsync(stateName, grainId, grainState);
        if (!LoseNext.TryRemove(grainId.Key.ToString()!, out _)) return;
        grainState.ETag = etagBefore;
        throw new HttpRequestException("The response ended prematurely. (ResponseEnded)");
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        stored.ClearStateAsync(stateName, grainId, grainState);
}
