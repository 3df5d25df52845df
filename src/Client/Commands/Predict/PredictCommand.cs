using KeypointGrains.Client.Configuration;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

/// <summary>kg predict: ImageId and the 30 coordinates for every face of a test file.</summary>
public sealed class PredictCommand : AsyncCommand<ModelDataSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ModelDataSettings settings, CancellationToken cancellation)
    {
        var config = KgConfiguration.Load(settings.ConfigFile);
        if (settings.Images is not null) return await PhotoPredict.RunAsync(config, settings, cancellation);
        var data = config.Resolve(settings.Data, "predict", "data") ?? throw new UsageException("--data is required: Kaggle's test.csv.");
        var output = config.Resolve(settings.Out, "predict", "out", "predictions.csv");
        var faces = KaggleCsvReader.ReadTest(data);
        var predictions = await EnsemblePredictor.PredictAsync(config, settings, "predict", faces, cancellation);
        PredictionsCsvWriter.Write(output, faces.Ids, predictions);
        AnsiConsole.MarkupLineInterpolated($"Wrote {faces.Count} predictions to {output}");
        return 0;
    }
}
