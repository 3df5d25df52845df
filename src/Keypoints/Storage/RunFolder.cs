using System.Globalization;
using System.Text;
using System.Text.Json;
using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Keypoints.Storage;

/// <summary>
/// The files of one training run: the resumable checkpoint, the best model for inference, and the learning curve as
/// CSV and JSON beside them. Every file is replaced atomically, so a crash mid-write leaves the previous one intact.
/// </summary>
public sealed class RunFolder
{
    public RunFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }
    public string CheckpointFile => File("checkpoint.bin");
    public string ModelFile => File("model.bin");
    public string HistoryCsvFile => File("history.csv");
    public string HistoryJsonFile => File("history.json");
    public string EvaluationFile => File("evaluation.json");
    public string RunFile => File("run.json");

    public bool HasCheckpoint => System.IO.File.Exists(CheckpointFile);

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void WriteJson<T>(string file, T value) =>
        AtomicFile.Write(file, stream => JsonSerializer.Serialize(stream, value, Json));

    public T ReadJson<T>(string file) =>
        JsonSerializer.Deserialize<T>(System.IO.File.ReadAllText(file), Json)
        ?? throw new InvalidDataException($"{file} is empty.");

    public void WriteHistory(IReadOnlyList<EpochResult> history)
    {
        var csv = new StringBuilder("epoch,train_loss,validation_loss,validation_rmse_px,improved,seconds,images_per_s\n");
        foreach (var e in history)
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{e.Epoch},{e.TrainLoss:G9},{e.ValidationLoss:G9},{e.ValidationRmsePixels:G6},{(e.Improved ? 1 : 0)},{e.Seconds:G6},{e.ImagesPerSecond:G6}"));
        AtomicFile.Write(HistoryCsvFile, stream => stream.Write(Encoding.UTF8.GetBytes(csv.ToString())));
        WriteJson(HistoryJsonFile, history);
    }

    private string File(string name) => System.IO.Path.Combine(Path, name);
}
