using KeypointGrains.Client.Configuration;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Performance;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Bench;

/// <summary>A benchmark that sends faces (<see cref="BenchFacesSettings"/>): says where they came from, then prints its figures.</summary>
public abstract class FacesBench<TSettings> : AsyncCommand<TSettings> where TSettings : BenchFacesSettings
{
    public override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellation)
    {
        var config = KgConfiguration.Load(settings.ConfigFile);
        var (faces, source) = settings.Faces(config);
        Console.WriteLine(source);
        Console.WriteLine(await MeasureAsync(config, settings, faces, cancellation));
        return 0;
    }

    protected abstract Task<BenchmarkFigures> MeasureAsync(KgConfiguration config, TSettings settings, FaceSet faces, CancellationToken cancellation);
}
