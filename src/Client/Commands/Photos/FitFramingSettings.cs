using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

public sealed class FitFramingSettings : GlobalSettings
{
    [CommandOption("--photos <DIR>")]
    [Description("Photos with true keypoints: keypoints.csv beside them or beside their images/ folder.")]
    public string? Photos { get; init; }

    [CommandOption("--cascade <FILE>")]
    [Description("OpenCV face cascade to fit for (a bare name is looked up where Debian's opencv-data puts them).")]
    public string? Cascade { get; init; }

    [CommandOption("--max-scan-side <PX>")]
    [Description("Longest side of the bordered photo the cascade scans; larger photos are scanned reduced (0: never).")]
    public int? MaxScanSide { get; init; }

    [CommandOption("--min-neighbors <N>")]
    public int? MinNeighbors { get; init; }

    [CommandOption("--scale-factor <F>")]
    public double? ScaleFactor { get; init; }

    [CommandOption("--data <PATH>")]
    [Description("A Kaggle training file: also print how its own crops stray from the squares placed from their points.")]
    public string? Data { get; init; }

    [CommandOption("--margin <F>")]
    [Description("Border added round a photo before detection, as a fraction of its shorter side.")]
    public double? Margin { get; init; }

    [CommandOption("--landmarks")]
    [Description("Also fit the landmark framing: BlazeFace's eyes, nose and mouth round each box (Photos:Detector:LandmarkModel).")]
    public bool Landmarks { get; init; }

    [CommandOption("--landmark-region <F>")]
    [Description("Side of the square BlazeFace looks at, in box widths.")]
    public double? LandmarkRegion { get; init; }

    [CommandOption("--landmark-points <N>")]
    [Description("How many of BlazeFace's landmarks frame a face (4: eyes, nose, mouth; 6: and the ears).")]
    public int? LandmarkPoints { get; init; }
}
