namespace KeypointGrains.Reporting;

/// <summary>What a row of the study is: a full-face model, one specialist, or specialists combined into 30 columns.</summary>
public enum ModelKind
{
    Model,
    Specialist,
    Ensemble,
}
