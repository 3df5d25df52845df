using KeypointGrains.Client.Commands;
using KeypointGrains.Client.Configuration;
using KeypointGrains.Keypoints.Photos;

namespace KeypointGrains.Client.Tests;

public class KgConfigurationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("kg-config-").FullName;

    [Fact]
    public void Flags_beat_the_file_and_the_file_beats_the_environment()
    {
        var file = Path.Combine(folder, "kg.json");
        File.WriteAllText(file, """{ "precedence": { "epochs": 7 } }""");
        Environment.SetEnvironmentVariable("KG_PRECEDENCE__EPOCHS", "5");
        Environment.SetEnvironmentVariable("KG_PRECEDENCE__PATIENCE", "11");
        try
        {
            var config = KgConfiguration.Load(file);
            Assert.Equal(9, config.Resolve((int?)9, "precedence", "epochs", 1));
            Assert.Equal(7, config.Resolve((int?)null, "precedence", "epochs", 1));
            Assert.Equal(11, config.Resolve((int?)null, "precedence", "patience", 1));
            Assert.Equal(1, config.Resolve((int?)null, "precedence", "seed", 1));
        }
        finally
        {
            Environment.SetEnvironmentVariable("KG_PRECEDENCE__EPOCHS", null);
            Environment.SetEnvironmentVariable("KG_PRECEDENCE__PATIENCE", null);
        }
    }

    [Fact]
    public void The_detector_keys_of_the_photos_section_reach_its_settings()
    {
        var file = Path.Combine(folder, "kg.json");
        File.WriteAllText(file, """{ "Photos": { "Detector": { "MaxScanSide": 400, "MinFaceSize": 32, "MinNeighbors": 5 } } }""");

        var detector = PhotoConfiguration.From(KgConfiguration.Load(file)).Detector;

        Assert.Equal(400, detector.MaxScanSide);
        Assert.Equal(32, detector.MinFaceSize);
        Assert.Equal(5, detector.MinNeighbors);
        Assert.Equal(new DetectorSettings().ScaleFactor, detector.ScaleFactor); // keys not given keep their defaults
    }

    [Fact]
    public void The_landmark_keys_of_the_detector_reach_its_settings()
    {
        var file = Path.Combine(folder, "kg.json");
        File.WriteAllText(file, """
            { "Photos": { "Detector": { "Landmarks": false, "LandmarkModel": "/models/blazeface.tflite", "LandmarkRegion": 2.0, "LandmarkMinScore": 0.7, "LandmarkFallback": true } } }
            """);

        var detector = PhotoConfiguration.From(KgConfiguration.Load(file)).Detector;

        Assert.False(detector.Landmarks);
        Assert.Equal("/models/blazeface.tflite", detector.LandmarkModelPath);
        Assert.Equal(2.0, detector.LandmarkRegion);
        Assert.Equal(0.7, detector.LandmarkMinScore);
        Assert.True(detector.LandmarkFallback);
        Assert.True(new DetectorSettings().Landmarks); // on unless turned off
    }

    [Fact]
    public void A_named_configuration_file_that_does_not_exist_is_an_error_naming_it()
    {
        var missing = Path.Combine(folder, "nowhere.json");
        var error = Assert.Throws<FileNotFoundException>(() => KgConfiguration.Load(missing));
        Assert.Contains("nowhere.json", error.Message);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
