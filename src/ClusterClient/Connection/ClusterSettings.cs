using KeypointGrains.ClusterClient.Telemetry;
using Microsoft.Extensions.Configuration;

namespace KeypointGrains.ClusterClient.Connection;

/// <summary>
/// How a silo or client joins the cluster, from configuration (appsettings.json, then KG_-prefixed environment
/// variables such as KG_Silo__SiloPort, then the command line). The defaults are one machine: localhost clustering,
/// state and checkpoints in a local directory, the device chosen automatically, CPU training allowed.
/// </summary>
public sealed class ClusterSettings
{
    public ClusteringSettings Cluster { get; set; } = new();
    public SiloSettings Silo { get; set; } = new();
    public StorageSettings Storage { get; set; } = new();
    /// <summary>auto | cpu | cuda | cuda:N — what this silo computes on and advertises.</summary>
    public string Device { get; set; } = "auto";
    public TrainingPlacementSettings Training { get; set; } = new();
    public ServingSettings Serving { get; set; } = new();
    public FrontDoorSettings FrontDoor { get; set; } = new();
    public TelemetrySettings Telemetry { get; set; } = new();

    public bool AzureClustering => Cluster.Clustering.ToLowerInvariant() is "azure" or "azurestorage";
    public bool AzureStorage => Storage.Kind.ToLowerInvariant() is "azure" or "azurestorage";

    public static ClusterSettings From(IConfiguration configuration)
    {
        var settings = new ClusterSettings();
        configuration.Bind(settings);
        // Exporters are a list or one comma-separated value, which binding alone does not read.
        settings.Telemetry = TelemetrySettings.From(configuration.GetSection(nameof(Telemetry)));
        settings.Validate();
        return settings;
    }

    public void Validate()
    {
        if (!AzureClustering && Cluster.Clustering.ToLowerInvariant() != "localhost")
            throw new ArgumentException($"Cluster:Clustering is '{Cluster.Clustering}'; use localhost or AzureStorage.");
        if (!AzureStorage && Storage.Kind.ToLowerInvariant() is not ("local" or "directory"))
            throw new ArgumentException($"Storage:Kind is '{Storage.Kind}'; use directory or AzureStorage.");
        if ((AzureClustering || AzureStorage) && string.IsNullOrWhiteSpace(Storage.ConnectionString))
            throw new ArgumentException("Azure clustering or storage needs Storage:ConnectionString (KG_Storage__ConnectionString).");
        if (Serving.MaxBatchFaces < 1 || Serving.MaxBatchDelayMicroseconds < 0 || Serving.MaxLoadedEnsembles < 1)
            throw new ArgumentException("Serving needs MaxBatchFaces >= 1, MaxBatchDelayMicroseconds >= 0 and MaxLoadedEnsembles >= 1.");
        if (FrontDoor.MaxRequestBytes < 1 || FrontDoor.MaxFacesPerRequest < 1 || FrontDoor.RequestTimeoutSeconds <= 0)
            throw new ArgumentException("FrontDoor needs MaxRequestBytes >= 1, MaxFacesPerRequest >= 1 and RequestTimeoutSeconds > 0.");
    }
}

public sealed class ClusteringSettings
{
    public string ClusterId { get; set; } = "keypointgrains";
    public string ServiceId { get; set; } = "keypointgrains";
    /// <summary>localhost (one machine; the primary silo holds the membership) or AzureStorage (Azure Table membership).</summary>
    public string Clustering { get; set; } = "localhost";
    /// <summary>The gateway ports a client tries with localhost clustering (default: Silo:GatewayPort).</summary>
    public int[] GatewayPorts { get; set; } = [];
    public FailureDetectionSettings FailureDetection { get; set; } = new();
}

/// <summary>
/// How fast silos declare a silo that stopped answering dead (Orleans' ClusterMembershipOptions of the same names;
/// unset = Orleans' default). Faster detection resumes a crashed silo's models sooner, but a silo too busy to answer
/// probes in time (long GC pauses, saturated cores) risks being declared dead while alive, and then shuts itself down.
/// </summary>
public sealed class FailureDetectionSettings
{
    /// <summary>How long a probe may take; also the period between probes (Orleans adapts both between half and four times this).</summary>
    public TimeSpan? ProbeTimeout { get; set; }
    /// <summary>Probes missed in a row before a silo votes the target dead.</summary>
    public int? NumMissedProbesLimit { get; set; }
    /// <summary>Votes that declare a silo dead (never more than half the active silos, rounded up, are needed).</summary>
    public int? NumVotesForDeathDeclaration { get; set; }
    /// <summary>How long a vote counts.</summary>
    public TimeSpan? DeathVoteExpirationTimeout { get; set; }
    /// <summary>How often a silo writes its heartbeat in the membership table (diagnostics and stale-entry detection).</summary>
    public TimeSpan? IAmAliveTablePublishTimeout { get; set; }
    /// <summary>How often a silo reads the membership table (besides the updates gossip brings).</summary>
    public TimeSpan? TableRefreshTimeout { get; set; }
}

/// <summary>The ports of a silo the Silo host runs; kg's embedded silo picks free ones of its own.</summary>
public sealed class SiloSettings
{
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    /// <summary>With localhost clustering: the silo port of the primary silo, which every other silo joins.</summary>
    public int PrimarySiloPort { get; set; } = 11111;
    /// <summary>The address other silos reach this one at (Azure clustering).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
}

public sealed class StorageSettings
{
    /// <summary>directory (files under <see cref="Directory"/>) or AzureStorage (Blob storage for state and checkpoints).</summary>
    public string Kind { get; set; } = "directory";
    public string Directory { get; set; } = Path.Combine("runs", "cluster");
    /// <summary>An Azure Storage connection string (Azurite's works), for Azure storage, clustering and reminders.</summary>
    public string? ConnectionString { get; set; }
}

public sealed class TrainingPlacementSettings
{
    /// <summary>Train on CPU-only silos when no silo has an accelerator.</summary>
    public bool AllowCpu { get; set; } = true;
    public double WatchdogSeconds { get; set; } = 10;
    /// <summary>
    /// With directory storage, whose reminders live in memory: a starting silo resumes the unfinished campaigns. The
    /// embedded silo of a kg command turns it off (it resumes only the campaign the command is about).
    /// </summary>
    public bool ResumeOnStart { get; set; } = true;
}

/// <summary>How a silo serves ensembles: dynamic batching, loaded ensembles, number format (see the README's serving section).</summary>
public sealed class ServingSettings
{
    public int MaxBatchFaces { get; set; } = 64;
    public int MaxBatchDelayMicroseconds { get; set; } = 200;
    public int MaxLoadedEnsembles { get; set; } = 2;
    /// <summary>fp32 | bf16 | fp16 (half precision on CUDA only).</summary>
    public string Precision { get; set; } = "fp32";
}

/// <summary>
/// The limits of the Open Inference Protocol front door (REST and gRPC) on silo hosts and kg serve: a body or message
/// beyond <see cref="MaxRequestBytes"/> is refused with 413 / RESOURCE_EXHAUSTED, more faces than
/// <see cref="MaxFacesPerRequest"/> with 400, and a request not answered within <see cref="RequestTimeoutSeconds"/>
/// (retries on other silos included) with 503 / UNAVAILABLE.
/// </summary>
public sealed class FrontDoorSettings
{
    /// <summary>16 MiB: 256 faces as JSON numbers, or 1,800 as binary grey levels.</summary>
    public int MaxRequestBytes { get; set; } = 16 << 20;
    public int MaxFacesPerRequest { get; set; } = 256;
    public double RequestTimeoutSeconds { get; set; } = 30;

    public TimeSpan RequestTimeout => TimeSpan.FromSeconds(RequestTimeoutSeconds);
}
