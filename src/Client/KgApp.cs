using KeypointGrains.Client.Bench;
using KeypointGrains.Client.Commands;
using Spectre.Console.Cli;

namespace KeypointGrains.Client;

/// <summary>The kg command tree, shared by the program and the tests that drive it in-process.</summary>
public static class KgApp
{
    public static CommandApp Create()
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("kg");
            config.PropagateExceptions();
            // A flag a command does not take is an error, never silently ignored.
            config.Settings.StrictParsing = true;
            config.AddCommand<TrainCommand>("train").WithDescription("Train one model on this machine.");
            config.AddCommand<CampaignCommand>("campaign")
                .WithDescription("Train the study (a baseline and six specialists) as a campaign on the cluster; also kg train --specialists.");
            config.AddCommand<EvaluateCommand>("evaluate").WithDescription("RMSE of a trained model on a labelled file.");
            config.AddCommand<PredictCommand>("predict").WithDescription("Predict the 30 coordinates for a test file.");
            config.AddCommand<SubmitCommand>("submit").WithDescription("Write a Kaggle submission for an IdLookupTable.");
            config.AddCommand<ServeCommand>("serve")
                .WithDescription("Serve a campaign's ensemble over the Open Inference Protocol (REST and gRPC) until Ctrl+C.");
            config.AddCommand<TuneCommand>("tune")
                .WithDescription("Search recipes on the cluster: trials of a search space, the weak stopped early by successive halving.");
            config.AddCommand<StatusCommand>("status").WithDescription("Show a campaign's models on the cluster.");
            config.AddCommand<AugmentStudyCommand>("augment-study")
                .WithDescription("Train one network without and with each augmentation alone; tabulate validation loss.");
            config.AddCommand<AblationStudyCommand>("ablation-study")
                .WithDescription("Train a preset's whole-face model with each of its changes to the seed's recipe undone; tabulate RMSE.");
            config.AddCommand<ReportCommand>("report").WithDescription("Write report.html for a campaign.");
            config.AddCommand<FitFramingCommand>("fit-framing")
                .WithDescription("Fit the framing of detected faces on photos with true keypoints (key=value lines).");
            config.AddBranch("bench", bench =>
            {
                bench.SetDescription("Measure throughput, latency or what faults cost (key=value lines; progress on stderr).");
                bench.AddCommand<TrainBench>("train").WithDescription("A network's training throughput in this process.");
                bench.AddCommand<InferBench>("infer").WithDescription("A network's inference in this process, or a campaign's ensemble through the cluster (--cluster).");
                bench.AddCommand<LoadBench>("load").WithDescription("Many clients at once against silo processes it starts (or the running cluster), every answer checked.");
                bench.AddCommand<ServeBench>("serve").WithDescription("The front door's HTTP and gRPC against the Orleans client path.");
                bench.AddCommand<ChaosBench>("chaos")
                    .WithDescription("A campaign on silo processes, calm and with silos killed in turn, or --partition: a host cut from the others.");
                bench.AddCommand<PhotoBench>("photos").WithDescription("Photo to keypoints, per stage.");
                bench.AddCommand<TuneBench>("tune").WithDescription("ASHA against random search with full budgets (--simulate: at scale on a virtual clock).");
            });
        });
        return app;
    }

    /// <summary>Runs kg with <paramref name="args"/>, <c>kg train --specialists …</c> (the seed's spelling) being kg campaign.</summary>
    public static Task<int> RunAsync(string[] args, CancellationToken cancellation = default) =>
        Create().RunAsync(Normalised(args), cancellation);

    private static string[] Normalised(string[] args) =>
        args is ["train", ..] && args.Contains("--specialists")
            ? ["campaign", .. args.Skip(1).Where(a => a != "--specialists")]
            : args;
}
