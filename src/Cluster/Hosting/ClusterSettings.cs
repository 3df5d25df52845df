using Microsoft.Extensions.Configuration;

namespace KeypointGrains.Cluster.Hosting;

/// <summary>
/// How a silo or client joins the cluster, from configuration (appsettings.json, then KG_-prefixed environment
/// variables such as KG_Cluster__SiloPort, then the command line). The defaults are one machine: localhost clustering,
/// state and checkpoints in a local directory, the device chosen automatically, CPU training allowed.
/// </summary>
public sealed class ClusterSettings
{
    public ClusteringSettings Cluster { get; set; } = new();
    public StorageSettings Storage { get; set; } = new();
    public DeviceSettings Device { get; set; } = new();
    public TrainingPlacementSettings Training { get; set; } = new();

    public static ClusterSettings From(IConfiguration configuration)
    {
        var settings = new ClusterSettings();
        configuration.Bind(settings);
        settings.Validate();
        return settings;
    }

    public void Validate()
    {
        if (Cluster.Clustering is not ("localhost" or "azure"))
            throw new ArgumentException($"Cluster:Clustering is '{Cluster.Clustering}'; use localhost or azure.");
        if (Storage.Kind is not ("local" or "azure"))
            throw new ArgumentException($"Storage:Kind is '{Storage.Kind}'; use local or azure.");
        if ((Cluster.Clustering == "azure" || Storage.Kind == "azure") && string.IsNullOrWhiteSpace(Storage.ConnectionString))
            throw new ArgumentException("Azure clustering or storage needs Storage:ConnectionString (KG_Storage__ConnectionString).");
    }
}

public sealed class ClusteringSettings
{
    public string ClusterId { get; set; } = "keypointgrains";
    public string ServiceId { get; set; } = "keypointgrains";
    /// <summary>localhost (one machine; the primary silo holds the membership) or azure (Azure Table membership).</summary>
    public string Clustering { get; set; } = "localhost";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    /// <summary>With localhost clustering: the silo port of the primary silo, which every other silo joins.</summary>
    public int PrimarySiloPort { get; set; } = 11111;
    /// <summary>The gateways a client tries with localhost clustering (default: <see cref="GatewayPort"/>).</summary>
    public int[] GatewayPorts { get; set; } = [];
    /// <summary>The address other silos reach this one at (Azure clustering).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
}

public sealed class StorageSettings
{
    /// <summary>local (files under <see cref="Directory"/>) or azure (Blob storage for state and checkpoints).</summary>
    public string Kind { get; set; } = "local";
    public string Directory { get; set; } = Path.Combine("runs", "cluster");
    /// <summary>An Azure Storage connection string (Azurite's works), for Azure storage, clustering and reminders.</summary>
    public string? ConnectionString { get; set; }
}

public sealed class DeviceSettings
{
    /// <summary>auto | cpu | cuda.</summary>
    public string Kind { get; set; } = "auto";
    public int Index { get; set; }
}

public sealed class TrainingPlacementSettings
{
    /// <summary>Train on CPU-only silos when no silo has an accelerator.</summary>
    public bool AllowCpu { get; set; } = true;
    public double WatchdogSeconds { get; set; } = 10;
}
