namespace KeypointGrains.Contracts.Inference;

/// <summary>Faces for inference as raw grey levels: 96x96 = 9216 bytes per face, row-major, faces back to back.</summary>
[GenerateSerializer, Immutable, Alias("kg.FaceBatch")]
public sealed record FaceBatch([property: Id(0)] byte[] Pixels)
{
    public const int BytesPerFace = 96 * 96;

    public int Count => Pixels.Length % BytesPerFace == 0
        ? Pixels.Length / BytesPerFace
        : throw new ArgumentException($"A face batch holds {Pixels.Length} bytes, not a multiple of {BytesPerFace} (96x96).");
}
