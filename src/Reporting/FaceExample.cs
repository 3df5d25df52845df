namespace KeypointGrains.Reporting;

/// <summary>
/// One face to draw: 9216 grey levels in [0,1] and, for each of <see cref="Columns"/> (schema columns), the labelled
/// and the predicted pixel coordinate (NaN where the label is missing).
/// </summary>
public sealed record FaceExample(
    int ImageId,
    double RmsePixels,
    float[] Pixels,
    IReadOnlyList<int> Columns,
    float[] Truth,
    float[] Predicted);
