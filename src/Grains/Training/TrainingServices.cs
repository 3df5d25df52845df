using KeypointGrains.Contracts.Storage;
using KeypointGrains.Grains.Placement;
using Microsoft.Extensions.Logging;

namespace KeypointGrains.Grains.Training;

/// <summary>What a training run needs from its silo.</summary>
public sealed record TrainingServices(
    IGrainFactory Grains, ICheckpointStore Checkpoints, TrainingDataCache Data, SiloDevice Device, string Silo,
    FailureLog FailureLog, ILogger Log);
