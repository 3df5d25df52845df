using KeypointGrains.Client.Configuration;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

/// <summary>kg submit: a Kaggle submission (RowId,Location) for exactly the rows of an IdLookupTable.</summary>
public sealed class SubmitCommand : AsyncCommand<ModelDataSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ModelDataSettings settings, CancellationToken cancellation)
    {
        var config = KgConfiguration.Load(settings.ConfigFile);
        var test = config.Resolve(settings.Test, "submit", "test") ?? throw new UsageException("--test is required: Kaggle's test.csv.");
        var lookupFile = config.Resolve(settings.Lookup, "submit", "lookup") ?? throw new UsageException("--lookup is required: Kaggle's IdLookupTable.csv.");
        var output = config.Resolve(settings.Out, "submit", "out", "submission.csv");
        var faces = KaggleCsvReader.ReadTest(test);
        var lookup = IdLookupTable.Read(lookupFile);
        var predictions = await EnsemblePredictor.PredictAsync(config, settings, "submit", faces, cancellation);
        SubmissionWriter.Write(output, lookup, faces.Ids, predictions);
        AnsiConsole.MarkupLineInterpolated($"Wrote {lookup.Count} rows to {output}");
        return 0;
    }
}
