using KeypointGrains.Client.Configuration;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

/// <summary>kg evaluate: RMSE in pixels of a trained model on a labelled file, overall, per keypoint and per image.</summary>
public sealed class EvaluateCommand : AsyncCommand<ModelDataSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ModelDataSettings settings, CancellationToken cancellation)
    {
        var config = KgConfiguration.Load(settings.ConfigFile);
        if (settings.Photos is not null) return await PhotoEvaluation.RunAsync(config, settings, cancellation);
        var data = config.Resolve(settings.Data, "evaluate", "data")
            ?? throw new UsageException("--data is required: a labelled training.csv.");
        using var model = ModelLoader.Load(settings.Run, config.Resolve(settings.Device, "evaluate", "device", "auto"));
        var faces = KaggleCsvReader.ReadTraining(data);
        EvaluationPrinter.Print(Evaluator.Evaluate(model, faces), Path.GetFileName(data));
        return 0;
    }
}
