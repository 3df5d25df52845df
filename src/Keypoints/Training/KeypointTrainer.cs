using System.Diagnostics;
using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Specs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// Trains one network, by default the seed's way: Nesterov SGD with learning rate and momentum moved linearly per epoch,
/// shuffled batches with half of each one mirrored, masked MSE, the best epoch's weights kept. Its epochs are driven by
/// <see cref="ModelRun"/>, which decides when to stop and when to checkpoint.
/// A <see cref="TrainingRecipe"/> adds AdamW, a warm-up + cosine schedule, random per-batch augmentations and a moving
/// average of the weights; <see cref="InitialiseFrom"/> starts a specialist from a trained baseline.
/// <para>
/// Reproducible without global state: the initial weights come from the trainer's <see cref="RandomDraws"/> seeded with
/// Seed, and epoch e draws its shuffle, its flips, its augmentation draws and its dropout masks from seeds derived from
/// (Seed, e), on any device. The random state of a run is therefore its seed and epoch count, a resumed run repeats an
/// uninterrupted one, and trainers running side by side in one process (on one GPU too) do not disturb each other.
/// </para>
/// </summary>
public sealed class KeypointTrainer : IDisposable
{
    private readonly TrainingRecipe recipe;
    private readonly IReadOnlyList<IBatchAugmentation> batchAugmentations;
    private readonly IReadOnlyList<int> columns;
    private readonly Device device;
    private readonly nn.Module<Tensor, Tensor> network;
    private readonly OptimizerHelper optimizer;
    private readonly FaceTensors train;
    private readonly FaceSet trainFaces;
    private readonly FaceTensors validation;
    private HorizontalFlip flip;
    private readonly RandomDraws draws;
    private readonly OptimizerSchedule schedule;
    private readonly List<EpochResult> history = [];
    private IReadOnlyList<(string Name, Tensor Value)>? best;
    // The moving average of the network's state (TrainingRecipe.EmaDecay); null when off.
    private IReadOnlyList<(string Name, Tensor Value)>? average;

    /// <summary>
    /// A trainer of <paramref name="recipe"/> on <paramref name="train"/>, scored on <paramref name="validation"/>; where
    /// it runs is <paramref name="setup"/>'s (by default CUDA when present).
    /// </summary>
    public KeypointTrainer(TrainingRecipe recipe, FaceSet train, FaceSet validation, TrainerSetup? setup = null)
    {
        setup ??= new TrainerSetup();
        if (!NetworkRegistry.Names.Contains(recipe.Network))
            throw new ArgumentException(
                $"'{recipe.Network}' is not a trainable network. Known: {string.Join(", ", NetworkRegistry.Names)}.", nameof(recipe));
        if (train.Count == 0) throw new ArgumentException("The training set is empty.", nameof(train));
        if (validation.Count == 0) throw new ArgumentException("The validation set is empty.", nameof(validation));
        if (!train.Columns.SequenceEqual(validation.Columns))
            throw new ArgumentException("Training and validation sets hold different columns.", nameof(validation));
        if (recipe.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(recipe), "BatchSize must be at least 1.");
        if (recipe.MaxEpochs < 1) throw new ArgumentOutOfRangeException(nameof(recipe), "MaxEpochs must be at least 1.");
        if (recipe.EmaDecay is < 0 or >= 1 || double.IsNaN(recipe.EmaDecay))
            throw new ArgumentOutOfRangeException(nameof(recipe), "EmaDecay must lie in [0, 1): 0 is off.");
        schedule = new OptimizerSchedule(recipe);
        // Only the per-batch ones: the caller expanded the training faces by the recipe's other augmentations.
        batchAugmentations = setup.BatchAugmentations ?? AugmentationRegistry.Of(recipe).PerBatch;

        this.recipe = recipe;
        columns = train.Columns.ToArray();
        device = ComputeDevice.Resolve(setup.Device);
        if (setup.Threads > 0 && device.type == DeviceType.CPU) set_num_threads(setup.Threads);

        network = NetworkRegistry.Create(recipe.Network, columns.Count);
        // Weights are drawn on the CPU (the same on every device), then the stream is reseeded per epoch for dropout.
        draws = new RandomDraws(recipe.Seed);
        SeedInitialisation.Apply(network, draws);
        network.to(device);
        foreach (var dropout in network.modules().OfType<SeededDropout>()) dropout.Draws = draws;
        optimizer = schedule.Create(network.parameters());
        trainFaces = train;
        this.train = new FaceTensors(train, device);
        this.validation = new FaceTensors(validation, device);
        if (this.validation.PresentValues == 0)
            throw new ArgumentException("The validation set labels none of its columns.", nameof(validation));
        MirrorSum = LabelMirror.Estimate(train) ?? KeypointSchema.LabelMirrorSum;
        flip = new HorizontalFlip(columns, device, MirrorSum);
        if (recipe.EmaDecay > 0) average = TensorSet.Snapshot(network);
    }

    /// <summary>Epochs completed.</summary>
    public int Epoch { get; private set; }
    public ValidationRecord Record { get; private set; } = new();
    public IReadOnlyList<EpochResult> History => history;
    public Device Device => device;

    /// <summary>
    /// Where the labels go when a face is mirrored (x → MirrorSum − x): estimated from the training faces
    /// (<see cref="LabelMirror"/>; <see cref="KeypointSchema.LabelMirrorSum"/> where they label no left/right pair), or the
    /// baseline's after <see cref="InitialiseFrom"/>. Training flips and the exported model's flip averaging use it.
    /// </summary>
    public float MirrorSum { get; private set; }

    /// <summary>Wall time spent on the per-batch augmentations in this trainer's epochs.</summary>
    public TimeSpan AugmentationTime { get; private set; }

    /// <summary>The recipe's MaxEpochs are reached; the network then holds the best weights.</summary>
    public bool Finished => Epoch >= recipe.MaxEpochs;

    public EpochResult RunEpoch()
    {
        if (Finished) throw new InvalidOperationException($"Training has finished (epoch {Epoch}).");
        var clock = Stopwatch.StartNew();
        double trainLoss = TrainOneEpoch();
        double trainSeconds = clock.Elapsed.TotalSeconds;
        // With a moving average, it is what is validated and kept as the best weights; training goes on from its own.
        var trained = average is null ? null : TensorSet.Snapshot(network);
        if (average is not null) TensorSet.CopyInto(network, average);
        double validationLoss = ValidationLoss();

        Epoch++;
        bool improved = Record.Observe(Epoch, validationLoss);
        if (improved)
        {
            TensorSet.Dispose(best);
            best = TensorSet.Snapshot(network);
        }
        if (trained is not null)
        {
            TensorSet.CopyInto(network, trained);
            TensorSet.Dispose(trained);
        }
        if (Finished && best is not null) TensorSet.CopyInto(network, best);

        var report = new EpochResult(Epoch, trainLoss, validationLoss,
            Math.Sqrt(validationLoss) * TargetScaling.HalfRange, improved,
            clock.Elapsed.TotalSeconds, train.Count / trainSeconds);
        history.Add(report);
        return report;
    }

    private double TrainOneEpoch()
    {
        int epochIndex = Epoch;
        schedule.Apply(optimizer, epochIndex);
        var seed = EpochSeed(recipe.Seed, epochIndex);
        draws.Reseed(seed);
        var order = Enumerable.Range(0, train.Count).Select(i => (long)i).ToArray();
        new Random((int)seed).Shuffle(order);
        var augmentationDraws = new Random((int)EpochSeed(~recipe.Seed, epochIndex));

        network.train();
        var state = TensorSet.StateOf(network);
        long firstStep = (long)epochIndex * ((train.Count + recipe.BatchSize - 1) / recipe.BatchSize);
        using var orderOnDevice = tensor(order, device: device);
        using var lossSum = zeros(1, device: device);
        int batches = 0;
        for (int start = 0; start < train.Count; start += recipe.BatchSize, batches++)
        {
            using var scope = NewDisposeScope();
            int length = Math.Min(recipe.BatchSize, train.Count - start);
            var (images, targets, mask) = batchAugmentations.Count == 0
                ? Gather(orderOnDevice.narrow(0, start, length))
                : Augmented(order.AsSpan(start, length), augmentationDraws);
            // The batch is a random draw, so its first half is a random half: mirror that one in place.
            int half = length / 2;
            if (recipe.FlipHalfOfEachBatch && half > 0)
            {
                images.narrow(0, 0, half).copy_(flip.Images(images.narrow(0, 0, half)));
                targets.narrow(0, 0, half).copy_(flip.Targets(targets.narrow(0, 0, half)));
                mask.narrow(0, 0, half).copy_(flip.Mask(mask.narrow(0, 0, half)));
            }
            network.zero_grad();
            var loss = MaskedMse.Loss(network.forward(images), targets, mask);
            loss.backward();
            optimizer.step();
            if (average is not null) Average(state, firstStep + batches);
            // Summed on the device: reading the loss back every batch would stall a GPU pipeline.
            lossSum.add_(loss.detach());
        }
        return lossSum.item<float>() / batches;
    }

    /// <summary>Moves the average towards the network's state after <paramref name="step"/> (0-based, over the whole run).</summary>
    private void Average(IReadOnlyList<(string Name, Tensor Value)> state, long step)
    {
        // The early average would be mostly the initial weights: its decay grows from 0.1 towards the recipe's.
        double decay = Math.Min(recipe.EmaDecay, (1.0 + step) / (10.0 + step));
        using var _ = no_grad();
        for (int i = 0; i < state.Count; i++)
        {
            var (mean, value) = (average![i].Value, state[i].Value);
            if (mean.is_floating_point()) mean.mul_(decay).add_(value, alpha: 1 - decay);
            else mean.copy_(value);
        }
    }

    private (Tensor Images, Tensor Targets, Tensor Mask) Gather(Tensor rows) =>
        (train.Images.index_select(0, rows), train.Targets.index_select(0, rows), train.Mask.index_select(0, rows));

    /// <summary>
    /// The batch built on the host from the managed face set (the augmentations are CPU code), transformed, and sent to
    /// the device: pixels in [0,1], targets scaled with missing (or pushed-out) keypoints masked.
    /// </summary>
    private (Tensor Images, Tensor Targets, Tensor Mask) Augmented(ReadOnlySpan<long> rows, Random random)
    {
        var clock = Stopwatch.StartNew();
        int length = rows.Length, width = columns.Count;
        var pixels = new float[length * KeypointSchema.PixelCount];
        var targets = new float[length * width];
        for (int i = 0; i < length; i++)
        {
            trainFaces.Image((int)rows[i]).CopyTo(pixels.AsSpan(i * KeypointSchema.PixelCount));
            trainFaces.Target((int)rows[i]).CopyTo(targets.AsSpan(i * width));
        }
        foreach (var augmentation in batchAugmentations) augmentation.Apply(pixels, targets, columns, length, random);
        var present = new float[targets.Length];
        for (int i = 0; i < targets.Length; i++)
        {
            present[i] = float.IsNaN(targets[i]) ? 0f : 1f;
            targets[i] = float.IsNaN(targets[i]) ? 0f : TargetScaling.ToScaled(targets[i]);
        }
        const int side = KeypointSchema.ImageSize;
        var batch = (tensor(pixels, [length, 1, side, side], device: device),
            tensor(targets, [length, width], device: device), tensor(present, [length, width], device: device));
        AugmentationTime += clock.Elapsed;
        return batch;
    }

    private double ValidationLoss()
    {
        network.eval();
        using var _ = no_grad();
        using var sum = zeros(1, device: device);
        int passImages = PassSize.Images(device, network);
        for (int start = 0; start < validation.Count; start += passImages)
        {
            using var scope = NewDisposeScope();
            int length = Math.Min(passImages, validation.Count - start);
            var predictions = network.forward(validation.Images.narrow(0, start, length));
            sum.add_(MaskedMse.SumOfSquares(predictions,
                validation.Targets.narrow(0, start, length), validation.Mask.narrow(0, start, length)));
        }
        return sum.item<float>() / validation.PresentValues;
    }

    /// <summary>
    /// Starts this network from a trained <paramref name="baseline"/> of the same architecture, the seed's way for
    /// specialists: every tensor whose name and shape match is copied, and the output layer (named
    /// <see cref="NetworkRegistry.OutputLayer"/>) takes the baseline's rows for this trainer's columns. Before any
    /// training step the network then predicts its columns exactly as the baseline does. The label mirror is the
    /// baseline's too: it saw every left/right pair (a nose-tip specialist sees none), and an ensemble mirrors as one.
    /// </summary>
    public void InitialiseFrom(TrainedModel baseline)
    {
        if (Epoch > 0) throw new InvalidOperationException($"Initialise before training; {Epoch} epoch(s) have run.");
        var source = baseline.Module
            ?? throw new ArgumentException($"The '{baseline.Network}' baseline has no weights to start from.", nameof(baseline));
        if (baseline.Network != recipe.Network)
            throw new ArgumentException(
                $"A '{recipe.Network}' network cannot start from a '{baseline.Network}' baseline.", nameof(baseline));
        var rowOf = baseline.Columns.Select((column, row) => (column, row)).ToDictionary(c => c.column, c => (long)c.row);
        var missing = columns.Where(c => !rowOf.ContainsKey(c)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException(
                $"The baseline does not predict {string.Join(", ", missing.Select(c => KeypointSchema.Columns[c]))}.", nameof(baseline));

        UseMirror(baseline.MirrorSum);
        var sourceState = TensorSet.StateOf(source).ToDictionary(t => t.Name, t => t.Value);
        using var _ = no_grad();
        using var rows = tensor(columns.Select(c => rowOf[c]).ToArray(), device: source.parameters().First().device);
        foreach (var (name, destination) in TensorSet.StateOf(network))
        {
            if (!sourceState.TryGetValue(name, out var value)) continue;
            if (name.StartsWith(NetworkRegistry.OutputLayer + "."))
            {
                using var selected = value.index_select(0, rows);
                destination.copy_(selected);
            }
            else if (value.shape.SequenceEqual(destination.shape))
                destination.copy_(value);
        }
        if (average is null) return;
        TensorSet.Dispose(average);
        average = TensorSet.Snapshot(network);
    }

    /// <summary>The best weights so far (the current ones before any epoch) as an inference model.</summary>
    public TrainedModel ExportBest()
    {
        var copy = NetworkRegistry.Create(recipe.Network, columns.Count);
        copy.to(device);
        TensorSet.CopyInto(copy, best ?? TensorSet.StateOf(network));
        var model = TrainedModel.FromNetwork(recipe.Network, columns, copy, device);
        model.MirrorSum = MirrorSum;
        return model;
    }

    private void UseMirror(float mirrorSum)
    {
        if (mirrorSum == MirrorSum) return;
        flip.Dispose();
        flip = new HorizontalFlip(columns, device, mirrorSum);
        MirrorSum = mirrorSum;
    }

    /// <summary>
    /// Everything a resumed run needs: network and momentum buffers, epoch count (which fixes the schedule position
    /// and the random state), the validation record, best weights and the history.
    /// </summary>
    public void SaveCheckpoint(Stream destination)
    {
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        TrainerCheckpointFormat.Write(writer, new TrainerCheckpointHeader(recipe.Network, columns, recipe.Seed, recipe.Optimizer,
            MirrorSum, Epoch, Record.BestEpoch, Record.BestLoss, Record.LastEpoch, history.ToArray()));
        TensorSet.Write(writer, TensorSet.StateOf(network));
        if (optimizer is SGD)
        {
            var buffers = MomentumBuffers();
            writer.Write(buffers.Count(b => b.Value is not null));
            TensorSet.Write(writer, buffers.Where(b => b.Value is not null).Select(b => (b.Name, b.Value!)).ToArray());
        }
        else
            optimizer.save_state_dict(writer);
        writer.Write(best is not null);
        if (best is not null) TensorSet.Write(writer, best);
        writer.Write(average is not null);
        if (average is not null) TensorSet.Write(writer, average);
    }

    /// <summary>Restores a checkpoint written by a trainer of the same model, columns and seed.</summary>
    public void LoadCheckpoint(Stream source)
    {
        using var reader = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
        var stored = TrainerCheckpointFormat.Read(reader);
        if (stored.Model != recipe.Network || !stored.Columns.SequenceEqual(columns) || stored.Seed != recipe.Seed ||
            stored.Optimizer != recipe.Optimizer)
            throw new InvalidDataException(
                $"Checkpoint is for model '{stored.Model}', columns [{string.Join(",", stored.Columns)}], seed {stored.Seed}, optimizer " +
                $"{stored.Optimizer}; this trainer is '{recipe.Network}', [{string.Join(",", columns)}], seed {recipe.Seed}, " +
                $"optimizer {recipe.Optimizer}.");

        TensorSet.ReadInto(reader, TensorSet.StateOf(network), "Checkpoint weights");
        if (optimizer is SGD) ReadMomentumBuffers(reader);
        else optimizer.load_state_dict(reader);
        IReadOnlyList<(string Name, Tensor Value)>? restoredBest = null;
        if (reader.ReadBoolean())
        {
            restoredBest = TensorSet.Snapshot(network);
            TensorSet.ReadInto(reader, restoredBest, "Checkpoint best weights");
        }
        // From an older file, or one written without an average, a run with one starts it from the weights read.
        var restoredAverage = TensorSet.Snapshot(network);
        if (stored.Version >= 4 && reader.ReadBoolean()) TensorSet.ReadInto(reader, restoredAverage, "Checkpoint weight average");

        Epoch = stored.Epoch;
        if (stored.MirrorSum is { } mirrorSum) UseMirror(mirrorSum);
        Record = ValidationRecord.Restore(stored.BestEpoch, stored.BestLoss, stored.LastEpoch);
        history.Clear();
        history.AddRange(stored.History);
        TensorSet.Dispose(best);
        best = restoredBest;
        if (average is null) TensorSet.Dispose(restoredAverage);
        else
        {
            TensorSet.Dispose(average);
            average = restoredAverage;
        }
    }

    private IReadOnlyList<(string Name, Tensor? Value)> MomentumBuffers()
    {
        var names = network.named_parameters().Select(p => p.name).ToArray();
        var states = optimizer.state_dict().State;
        return names.Select((name, i) => (name, (Tensor?)((SGD.State)states[i]).momentum_buffer)).ToArray();
    }

    private void ReadMomentumBuffers(BinaryReader reader)
    {
        // Buffers exist only after a first step; a checkpoint from before any step has none.
        var stored = reader.ReadInt32();
        var states = optimizer.state_dict().State.Cast<SGD.State>().ToArray();
        var parameters = network.named_parameters().ToArray();
        if (stored != 0 && stored != parameters.Length)
            throw new InvalidDataException($"Checkpoint holds {stored} momentum buffers, this model has {parameters.Length} parameters.");
        for (int i = 0; i < states.Length; i++)
        {
            states[i].momentum_buffer?.Dispose();
            states[i].momentum_buffer = stored == 0
                ? null
                : zeros_like(parameters[i].parameter, requires_grad: false).DetachFromDisposeScope();
        }
        var destinations = parameters.Select((p, i) => (p.name, states[i].momentum_buffer!)).Take(stored).ToArray();
        TensorSet.ReadInto(reader, destinations, "Checkpoint momentum buffers");
    }

    /// <summary>A well-mixed seed per (run seed, epoch).</summary>
    private static long EpochSeed(int seed, int epoch) =>
        (long)(RandomDraws.SplitMix((ulong)(uint)seed << 32 | (uint)epoch) & int.MaxValue);

    public void Dispose()
    {
        TensorSet.Dispose(best);
        TensorSet.Dispose(average);
        optimizer.Dispose();
        network.Dispose();
        train.Dispose();
        validation.Dispose();
        flip.Dispose();
        draws.Dispose();
    }
}
