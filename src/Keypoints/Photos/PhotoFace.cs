namespace KeypointGrains.Keypoints.Photos;

/// <summary>One face of a photo: its box, the square the models saw, and its 30 coordinates in photo pixels.</summary>
public sealed record PhotoFace(FaceBox Box, PhotoCrop Crop, float[] Keypoints, bool Degraded);

/// <summary>Milliseconds each stage of a photo took (<paramref name="Landmarks"/>: placing the squares, from landmarks or boxes).</summary>
public sealed record PhotoStageTimes(double Decode, double Detect, double Landmarks, double Frame, double Infer)
{
    public double Total => Decode + Detect + Landmarks + Frame + Infer;
}

/// <summary>A photo (upright, grey) and its faces, largest first.</summary>
public sealed record PhotoFaces(GreyPhoto Photo, IReadOnlyList<PhotoFace> Faces, PhotoStageTimes Times);
