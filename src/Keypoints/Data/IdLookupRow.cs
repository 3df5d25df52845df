using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Data;

/// <summary>One requested value of a Kaggle submission: coordinate <see cref="Column"/> (schema index) of image <see cref="ImageId"/>.</summary>
public sealed record IdLookupRow(int RowId, int ImageId, int Column)
{
    public string FeatureName => KeypointSchema.Columns[Column];
}
