using KeypointGrains.Keypoints.Storage;
using KeypointGrains.Keypoints.Tests.Data;

namespace KeypointGrains.Keypoints.Tests.Storage;

public class AtomicFileTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Writes_a_new_file_in_a_new_folder_and_replaces_an_existing_one()
    {
        var path = folder.File("a/b/model.bin");
        AtomicFile.Write(path, stream => stream.Write([1, 2, 3]));
        AtomicFile.Write(path, stream => stream.Write([4, 5]));
        Assert.Equal([4, 5], File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(folder.File("a/b")));
    }

    [Fact]
    public void A_write_that_fails_midway_leaves_the_old_content_and_no_temporary_file()
    {
        var path = folder.File("checkpoint.bin");
        File.WriteAllBytes(path, [9, 9, 9]);

        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write([1, 2]);
            throw new IOException("disk full");
        }));

        Assert.Equal([9, 9, 9], File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }
}
