using KeypointGrains.Contracts.Inference;
using KeypointGrains.Grains.Inference;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Schema;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace KeypointGrains.Cluster.Tests.Inference;

public class InferenceBatcherTests
{
    private static InferenceBatcher Batcher(int maxFaces) => new(Options.Create(new ServingOptions
    {
        MaxBatchFaces = maxFaces, MaxBatchDelayMicroseconds = 0, MaxLoadedEnsembles = 1, Precision = "fp32",
    }), SiloDevice.Cpu);

    private static EnsembleModel Ensemble()
    {
        manual_seed(3);
        int[] columns = [0, 1, 2, 3];
        return EnsembleModel.Create([TrainedModel.FromNetwork("mlp", columns, NetworkRegistry.Create("mlp", columns.Length), CPU)]);
    }

    private static byte[] Faces(int count, int seed)
    {
        var bytes = new byte[count * FaceBatch.BytesPerFace];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task Requests_queued_together_share_one_pass_and_each_gets_its_own_faces_answers()
    {
        using var batcher = Batcher(maxFaces: 512);
        using var ensemble = Ensemble();
        var requests = new[] { Faces(1, 1), Faces(2, 2), Faces(1, 3) };

        // A request that fills a pass alone keeps the inference thread busy while the others queue behind it; however late
        // that thread wakes, none of them can join its pass.
        var busy = batcher.Predict(ensemble, Faces(512, 0), 512);
        var passes = await Task.WhenAll(requests.Select(faces => batcher.Predict(ensemble, faces, faces.Length / FaceBatch.BytesPerFace)));
        await busy;

        Assert.Single(passes.Select(p => p.BatchFaces).Distinct());
        Assert.True(passes[0].BatchFaces >= 4);
        for (int r = 0; r < requests.Length; r++)
            Assert.Equal(ensemble.Predict(requests[r], requests[r].Length / FaceBatch.BytesPerFace)[0], passes[r].Coordinates[0],
                (a, b) => Math.Abs(a - b) <= 1e-4);
    }

    [Fact]
    public async Task A_request_that_would_overflow_a_pass_goes_into_the_next()
    {
        using var batcher = Batcher(maxFaces: 3);
        using var ensemble = Ensemble();

        // Larger than a pass, so alone in its own: the others queue behind it.
        var busy = batcher.Predict(ensemble, Faces(300, 0), 300);
        var passes = await Task.WhenAll(batcher.Predict(ensemble, Faces(2, 1), 2), batcher.Predict(ensemble, Faces(2, 2), 2),
            batcher.Predict(ensemble, Faces(1, 3), 1));

        Assert.Equal(300, (await busy).BatchFaces);
        Assert.Equal([2, 3, 3], passes.Select(p => p.BatchFaces));
    }
}
