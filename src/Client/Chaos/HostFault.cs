using System.Globalization;
using KeypointGrains.Client.Hosts;

namespace KeypointGrains.Client.Chaos;

/// <summary>What a fault run does to one host's link until it heals: cut it (<see cref="LinkCut"/>) or slow it (<see cref="SlowLink"/>).</summary>
public abstract record HostFault
{
    /// <summary>A short name for key=value lines and logs: the link cut, or "slow".</summary>
    public abstract string Name { get; }

    /// <summary>Whether the host's peers lose it, so that the cluster may declare it dead and move its models.</summary>
    public virtual bool CutsPeers => false;

    public abstract void Apply(NetworkHosts network, int host);
}

/// <summary>The host cut from <see cref="Link"/>, both ways.</summary>
public sealed record LinkCut(HostLink Link) : HostFault
{
    public override string Name => Link.ToString().ToLowerInvariant();

    public override bool CutsPeers => Link == HostLink.Peers;

    public override void Apply(NetworkHosts network, int host) => network.Cut(host, Link);

    public override string ToString() => $"cut from {Name}";
}

/// <summary>What the host sends is delayed <see cref="Delay"/> ± <see cref="Jitter"/>, and a <see cref="Loss"/> share of it lost.</summary>
public sealed record SlowLink(TimeSpan Delay, TimeSpan Jitter, double Loss) : HostFault
{
    public override string Name => "slow";

    public override void Apply(NetworkHosts network, int host) => network.Impair(host, Delay, Jitter, Loss);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"slowed by {Delay.TotalMilliseconds:0} ± {Jitter.TotalMilliseconds:0} ms, {Loss:0.###%} lost");
}
