namespace KeypointGrains.Keypoints.Photos;

/// <summary>30 coordinates (96x96 crop pixels, schema order) per face of <paramref name="greyFaces"/> (9216 bytes each).</summary>
public delegate Task<CropKeypoints> CropPredictor(byte[] greyFaces, CancellationToken cancellation);

/// <param name="Degraded">Some keypoints came from a fallback model (a specialist failed).</param>
public sealed record CropKeypoints(float[] Coordinates, bool Degraded);
