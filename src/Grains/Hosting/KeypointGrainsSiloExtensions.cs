using KeypointGrains.Contracts.Storage;
using KeypointGrains.Grains.Coordination;
using KeypointGrains.Grains.Inference;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Grains.Storage;
using KeypointGrains.Grains.Training;
using KeypointGrains.Keypoints.Evaluation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Serialization;
using Orleans.Storage;

namespace KeypointGrains.Grains.Hosting;

public static class KeypointGrainsSiloExtensions
{
    /// <summary>
    /// What the grains need on a silo: its device and its storage (both advertised as silo metadata; a silo whose
    /// storage is not its cluster's does not join), the checkpoint store, accelerator placement and the data cache for
    /// training, the ensemble cache and the batching inference thread for serving. Grain state storage and reminders are
    /// the host's choice (a directory or Azure Blob storage); whichever it is, it serializes with the serializer
    /// registered here.
    /// </summary>
    public static ISiloBuilder AddKeypointGrains(this ISiloBuilder silo, SiloDevice device, StorageIdentity storage,
        ICheckpointStore checkpoints, ServingOptions serving, Action<TrainingPlacementOptions>? placement = null,
        Action<CoordinatorOptions>? coordinator = null)
    {
        // An unknown number format stops the silo at start-up rather than failing its first request.
        InferencePrecision.Parse(serving.Precision);
        silo.UseSiloMetadata(new Dictionary<string, string>([.. device.ToMetadata(), .. storage.ToMetadata()]));
        silo.Services.AddSingleton(storage);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, StorageIdentityCheck>();
        silo.AddPlacementDirector<AcceleratorPlacement, AcceleratorPlacementDirector>();
        silo.Services.AddSingleton(device);
        silo.Services.AddSingleton(checkpoints);
        silo.Services.AddSingleton<TrainingDataCache>();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddSingleton<ModelCache>();
        silo.Services.AddSingleton<InferenceBatcher>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, CampaignResumer>();
        silo.Services.TryAddSingleton(new FailureLog(File: null));
        // Orleans' own binary format for grain state: version tolerant through the [Id]s, and it round-trips every type
        // a message can carry (the default JSON format cannot read back compiler-made collections such as [.. x]).
        silo.Services.AddKeyedSingleton<IGrainStorageSerializer>(KeypointStorage.Name,
            (services, _) => new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()));
        silo.Services.AddOptions<TrainingPlacementOptions>().Configure(o => placement?.Invoke(o));
        silo.Services.AddOptions<CoordinatorOptions>().Configure(o => coordinator?.Invoke(o));
        silo.Services.AddSingleton(Options.Create(serving));
        return silo;
    }
}
