using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Evaluation;

public static class FullFacePredictor
{
    /// <summary>All 30 coordinates for every face, in schema column order, from a model that predicts all of them.</summary>
    public static float[] Predict(TrainedModel model, FaceSet faces)
    {
        if (model.Columns.Count != KeypointSchema.ColumnCount || model.Columns.Where((c, i) => c != i).Any())
            throw new InvalidOperationException(
                $"This model predicts {model.Columns.Count} of the 30 columns; a full prediction needs a model of all 30 or the specialist ensemble.");
        return model.Predict(faces.Pixels, faces.Count);
    }
}
