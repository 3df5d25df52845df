using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Training;

/// <summary>One model of a study: its name, what it changes against the study's reference run, and its spec.</summary>
public sealed record StudyRun(string Name, string Change, ModelSpec Spec);
