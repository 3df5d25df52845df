using System.Collections.Immutable;

namespace KeypointGrains.Grains.Storage;

/// <summary>
/// The storage a silo keeps grain state and checkpoints in: an id the storage is given on first use, and where it is.
/// Silos advertise it as metadata, so that a silo can tell whether it shares its cluster's storage.
/// </summary>
public sealed record StorageIdentity(string Id, string Location)
{
    public const string IdKey = "keypoints.storage";
    public const string LocationKey = "keypoints.storage-location";

    public Dictionary<string, string> ToMetadata() => new() { [IdKey] = Id, [LocationKey] = Location };

    /// <summary>The storage a silo advertised, or null if it advertised none.</summary>
    public static StorageIdentity? FromMetadata(ImmutableDictionary<string, string> metadata) =>
        metadata.TryGetValue(IdKey, out var id) ? new StorageIdentity(id, metadata.GetValueOrDefault(LocationKey, "?")) : null;

    public override string ToString() => $"{Location} (storage id {Id})";
}
