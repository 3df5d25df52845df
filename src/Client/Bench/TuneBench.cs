using System.Globalization;
using KeypointGrains.Client.Commands;
using KeypointGrains.Client.Configuration;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Performance;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Keypoints.Tuning;
using KeypointGrains.Scheduling;
using KeypointGrains.Specs;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Bench;

/// <summary>
/// kg bench tune: ASHA against random search with full budgets. With --simulate, on a virtual clock at each of
/// --accelerators (the coordinator's own schedule and successive halving, trials replaying recorded curves); without, the same trials trained both ways on
/// this machine (--record writes their full curves, the form the simulation replays).
/// </summary>
public sealed class TuneBench : Command<TuneBenchSettings>
{
    private const string Section = "bench";

    public override int Execute(CommandContext context, TuneBenchSettings settings, CancellationToken cancellation)
    {
        Console.WriteLine(Run(KgConfiguration.Load(settings.ConfigFile), settings, cancellation));
        return 0;
    }

    private static BenchmarkFigures Run(KgConfiguration config, TuneBenchSettings settings, CancellationToken cancellation) =>
        settings.Simulate ? Simulate(config, settings) : Train(config, settings, cancellation);

    private static BenchmarkFigures Simulate(KgConfiguration config, TuneBenchSettings settings)
    {
        var curves = settings.Curves is { } path ? ReadCurves(path) : ShippedCurves.CnnSmallCpu();
        var accelerators = Numbers(config.Resolve(settings.Accelerators, Section, "accelerators", "8,64,512"), "--accelerators");
        var maxEpochs = config.Resolve(settings.MaxEpochs, Section, "max-epochs", curves.Min(c => c.Epochs));
        var figures = new BenchmarkFigures();
        figures.Add("curves", curves.Count);
        foreach (var count in accelerators)
        {
            var options = new SimulationOptions(count, config.Resolve(settings.Trials, Section, "trials", 64 * count),
                config.Resolve(settings.MinEpochs, Section, "min-epochs", 1), maxEpochs,
                config.Resolve(settings.Reduction, Section, "reduction", 3), config.Resolve(settings.Seed, Section, "seed", 42),
                config.Resolve(settings.TrialSpread, Section, "trial-spread", ShippedCurves.SeedSpreadPixels));
            Console.Error.WriteLine($"simulating {options.Trials} trials on {count} accelerators…");
            var simulation = new TuningSimulation(curves, options);
            var asha = simulation.Run(new ScheduleSearch(options));
            var random = simulation.RandomFull();
            figures.Add("accelerators", count);
            figures.Add("trials", options.Trials);
            figures.Add("utilisation", asha.Utilisation);
            figures.Add("time_to_best_s", asha.TimeToBestSeconds);
            figures.Add("random_full_time_to_best_s", random.TimeToBestSeconds);
            figures.Add("time_to_best_ratio", asha.TimeToBestSeconds / random.TimeToBestSeconds);
            figures.Add("asha_best_rmse", asha.BestRmsePixels);
            figures.Add("random_full_best_rmse", random.BestRmsePixels);
            figures.Add("asha_epochs", asha.EpochsTrained);
            figures.Add("random_full_epochs", random.EpochsTrained);
            figures.Add("random_full_utilisation", random.Utilisation);
            figures.Add("decision_ms_p99", LatencyPercentiles.Of(asha.DecisionMilliseconds, 0.99));
        }
        return figures;
    }

    private static BenchmarkFigures Train(KgConfiguration config, TuneBenchSettings settings, CancellationToken cancellation)
    {
        var data = config.Resolve(settings.Data, Section, "data") ?? throw new UsageException("kg bench tune needs --data PATH (training.csv), or --simulate.");
        var preset = TrainingPresets.Resolve(config.Resolve(settings.Preset, Section, "preset", TrainingPresets.Quick),
            config.Resolve(settings.Network, Section, "network", "cnn-small"));
        var seed = config.Resolve(settings.Seed, Section, "seed", 42);
        var trialCount = config.Resolve(settings.Trials, Section, "trials", 16);
        var (minEpochs, maxEpochs) = (config.Resolve(settings.MinEpochs, Section, "min-epochs", 1), config.Resolve(settings.MaxEpochs, Section, "max-epochs", 9));
        var space = SearchSpaceOption.From(settings.Space, settings.SpaceFile);
        var faces = config.Resolve(settings.Images, Section, "images", 1000);

        // A whole-face model's rows, as a campaign's baseline takes them: the preset's rows, the first --images for training.
        var spec = new ModelSpec(data, Keypoints.Schema.KeypointSchema.AllColumns, preset.Recipe with { MaxTrainingFaces = faces })
        {
            Split = new SplitSpec { Seed = preset.Recipe.Seed },
        };
        var (train, validation) = ModelRows.Of(DataSplit.Grouped(KaggleCsvReader.ReadTraining(data), spec.Split), spec);
        var baseRecipe = preset.Recipe with { Seed = seed };
        var trials = space.Sample(trialCount, seed);
        var search = new LocalSearch(train, validation, baseRecipe, trials, minEpochs, maxEpochs, config.Resolve(settings.Reduction, Section, "reduction", 3),
            new TrainerSetup { Device = config.Resolve(settings.Device, Section, "device", "auto") });
        Console.Error.WriteLine($"{trialCount} trials of {preset.Recipe.Network} over {space} on {train.Count} training faces, {validation.Count} validation faces");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var asha = search.Asha(Progress("asha"), cancellation);
        var ashaSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var full = search.Full(Progress("full"), cancellation);
        var fullSeconds = clock.Elapsed.TotalSeconds;
        if (settings.Record is { } record)
        {
            using var writer = new StreamWriter(record);
            RecordedCurve.Write(writer, full.Select(t => t.Curve).ToArray());
        }

        var ashaBest = asha.Where(t => t.Epochs == maxEpochs).MinBy(t => t.BestRmsePixels)!;
        var fullBest = full.MinBy(t => t.BestRmsePixels)!;
        if (config.Resolve(settings.PresetOut, Section, "preset-out") is { } presetOut)
        {
            PresetFile.Of(ashaBest.Trial, preset.Name, preset.Recipe.Network, maxEpochs, string.Create(CultureInfo.InvariantCulture,
                $"kg bench tune: trial {ashaBest.Trial.Number} of {trialCount} (seed {seed}), validation RMSE {ashaBest.BestRmsePixels:F3} px on {validation.Count} faces")).Write(presetOut);
            Console.Error.WriteLine($"The best trial's recipe: {presetOut} (kg campaign --preset-file {presetOut})");
        }
        var figures = new BenchmarkFigures();
        figures.Add("trials", trialCount);
        figures.Add("asha_best_rmse", ashaBest.BestRmsePixels);
        figures.Add("full_best_rmse", fullBest.BestRmsePixels);
        figures.Add("asha_vs_full_rmse", ashaBest.BestRmsePixels / fullBest.BestRmsePixels);
        figures.Add("asha_epochs", asha.Sum(t => t.Epochs));
        figures.Add("full_epochs", full.Sum(t => t.Epochs));
        figures.Add("asha_epoch_fraction", (double)asha.Sum(t => t.Epochs) / full.Sum(t => t.Epochs));
        figures.Add("asha_best_trial", $"{ashaBest.Trial.Number} ({ashaBest.Trial})");
        figures.Add("full_best_trial", $"{fullBest.Trial.Number} ({fullBest.Trial})");
        figures.Add("asha_s", ashaSeconds);
        figures.Add("full_s", fullSeconds);
        return figures;
    }

    private static Action<Trial, EpochResult> Progress(string way) => (trial, epoch) => Console.Error.WriteLine(
        string.Create(CultureInfo.InvariantCulture, $"{way} trial {trial.Number,2} ({trial}) epoch {epoch.Epoch}: val RMSE {epoch.ValidationRmsePixels:F3} px, {epoch.Seconds:F1} s"));

    private static IReadOnlyList<RecordedCurve> ReadCurves(string path)
    {
        using var reader = File.OpenText(path);
        return RecordedCurve.Read(reader, path);
    }

    private static int[] Numbers(string list, string flag) => list.Split(',', StringSplitOptions.TrimEntries).Select(text =>
        int.TryParse(text, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new UsageException($"{flag} takes positive whole numbers, not '{text}'.")).ToArray();
}
