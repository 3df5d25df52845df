using Azure.Storage.Blobs;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Hosting.Storage;

namespace KeypointGrains.Cluster.Tests.Storage;

/// <summary>
/// Both checkpoint stores seal what they write and refuse to hand out content that does not match its seal; a checkpoint
/// created (not stored over) under a name already stored is refused.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class CheckpointSealTests(Azurite azurite) : IDisposable
{
    private static readonly byte[] Payload = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
    private readonly TemporaryFolder folder = new();

    [SkippableTheory]
    [InlineData("directory")]
    [InlineData("azure")]
    public async Task What_was_written_reads_back_as_written(string kind)
    {
        var (store, _) = Store(kind);
        var reference = await store.WriteAsync("c/m/trainer-00001.ckpt", 1, s => s.Write(Payload));
        Assert.Equal(Payload, await ReadAsync(store, reference));
    }

    [SkippableTheory]
    [InlineData("directory", "flip")]
    [InlineData("directory", "truncate")]
    [InlineData("azure", "flip")]
    [InlineData("azure", "truncate")]
    public async Task A_changed_or_cut_checkpoint_is_refused_before_anything_is_read(string kind, string damage)
    {
        var (store, tamper) = Store(kind);
        var reference = await store.WriteAsync("c/m/trainer-00002.ckpt", 2, s => s.Write(Payload));
        await tamper(reference, Damage.Named(damage));

        var error = await Assert.ThrowsAsync<CorruptCheckpointException>(() => store.OpenReadAsync(reference));
        Assert.Contains("c/m/trainer-00002.ckpt", error.Message);
        Assert.Contains("corrupt", error.Message);
    }

    [SkippableTheory]
    [InlineData("directory")]
    [InlineData("azure")]
    public async Task A_checkpoint_created_under_a_stored_name_is_refused_and_the_stored_one_stays(string kind)
    {
        var (store, _) = Store(kind);
        var first = await store.CreateAsync("c/m/trainer-00003-g1.ckpt", 3, s => s.Write(Payload));

        var error = await Assert.ThrowsAsync<CheckpointExistsException>(() =>
            store.CreateAsync("c/m/trainer-00003-g1.ckpt", 3, s => s.Write(new byte[10])));
        Assert.Contains("c/m/trainer-00003-g1.ckpt", error.Message);
        Assert.Equal(Payload, await ReadAsync(store, first));
    }

    [SkippableFact]
    public async Task A_checkpoint_larger_than_a_block_is_stored_in_blocks_reads_back_whole_and_is_not_created_twice()
    {
        var (store, _) = Store("azure");
        var large = Enumerable.Range(0, AzureBlobCheckpointStore.BlockBytes * 2 + 12_345).Select(i => (byte)(i * 13 + i / 1000)).ToArray();
        var first = await store.CreateAsync("c/m/trainer-00004-g1.ckpt", 4, s => s.Write(large));
        Assert.Equal(large, await ReadAsync(store, first));

        await Assert.ThrowsAsync<CheckpointExistsException>(() => store.CreateAsync("c/m/trainer-00004-g1.ckpt", 4, s => s.Write(large)));
        Assert.Equal(large, await ReadAsync(store, first));
    }

    private static async Task<byte[]> ReadAsync(ICheckpointStore store, CheckpointReference reference)
    {
        await using var stream = await store.OpenReadAsync(reference);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public void Dispose() => folder.Dispose();

    [SkippableTheory]
    [InlineData("directory")]
    [InlineData("azure")]
    public async Task Deleting_by_prefix_takes_every_checkpoint_under_it_and_nothing_beside_it(string kind)
    {
        var (store, _) = Store(kind);
        var campaign = $"prefix-{Guid.NewGuid():N}";
        foreach (var name in new[] { "trainer-00001-g1.ckpt", "trainer-00002-g1.ckpt", "trainer-00002-g2.ckpt", "best-00001-g1.model" })
            await store.WriteAsync($"{campaign}/eye/{name}", 1, s => s.WriteByte(1));
        var neighbour = await store.WriteAsync($"{campaign}/eye-centers/trainer-00001-g1.ckpt", 1, s => s.WriteByte(2));

        Assert.Equal(3, await store.DeleteAllAsync($"{campaign}/eye/trainer-"));

        Assert.Equal(0, await store.DeleteAllAsync($"{campaign}/eye/trainer-"));
        await using (var best = await store.OpenReadAsync(new CheckpointReference(neighbour.Container, $"{campaign}/eye/best-00001-g1.model", 1, 0))) { }
        await using (var kept = await store.OpenReadAsync(neighbour)) Assert.Equal(2, kept.ReadByte());
        Assert.Equal(0, await store.DeleteAllAsync($"no-such-{Guid.NewGuid():N}/"));
    }

    private (ICheckpointStore Store, Func<CheckpointReference, Func<byte[], byte[]>, Task> Tamper) Store(string kind)
    {
        if (kind == "directory")
        {
            var store = new LocalDirectoryCheckpointStore(folder.Path);
            return (store, (reference, change) =>
            {
                var path = Path.Combine(store.Directory, reference.Name);
                File.WriteAllBytes(path, change(File.ReadAllBytes(path)));
                return Task.CompletedTask;
            });
        }
        var service = new BlobServiceClient(azurite.Require());
        var container = $"seal-{Guid.NewGuid():N}";
        return (new AzureBlobCheckpointStore(service, container), async (reference, change) =>
        {
            var blob = service.GetBlobContainerClient(reference.Container).GetBlobClient(reference.Name);
            var bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
            await blob.UploadAsync(new BinaryData(change(bytes)), overwrite: true);
        });
    }
}
