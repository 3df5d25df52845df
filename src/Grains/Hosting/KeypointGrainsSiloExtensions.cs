using KeypointGrains.Grains.Coordination;
using KeypointGrains.Grains.Inference;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Grains.Storage;
using KeypointGrains.Grains.Training;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Storage;

namespace KeypointGrains.Grains.Hosting;

public static class KeypointGrainsSiloExtensions
{
    /// <summary>
    /// What the grains need on a silo: its device (advertised as silo metadata), the checkpoint store, accelerator
    /// placement for training, the model and data caches. Grain state storage and reminders are the host's choice
    /// (see <see cref="AddDirectoryGrainStorage"/>).
    /// </summary>
    public static ISiloBuilder AddKeypointGrains(this ISiloBuilder silo, SiloDevice device, ICheckpointStore checkpoints,
        Action<TrainingPlacementOptions>? placement = null, Action<CoordinatorOptions>? coordinator = null)
    {
        silo.UseSiloMetadata(device.ToMetadata());
        silo.AddPlacementDirector<AcceleratorPlacement, AcceleratorPlacementDirector>();
        silo.Services.AddSingleton(device);
        silo.Services.AddSingleton(checkpoints);
        silo.Services.AddSingleton<TrainingDataCache>();
        silo.Services.AddSingleton<ModelCache>();
        silo.Services.AddOptions<TrainingPlacementOptions>().Configure(o => placement?.Invoke(o));
        silo.Services.AddOptions<CoordinatorOptions>().Configure(o => coordinator?.Invoke(o));
        return silo;
    }

    /// <summary>Grain state as files under <paramref name="directory"/>, as the <see cref="KeypointStorage.Name"/> provider.</summary>
    public static ISiloBuilder AddDirectoryGrainStorage(this ISiloBuilder silo, string directory)
    {
        silo.Services.AddGrainStorage(KeypointStorage.Name,
            (services, _) => new DirectoryGrainStorage(directory, services.GetRequiredService<IGrainStorageSerializer>()));
        return silo;
    }
}
