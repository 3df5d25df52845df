using KeypointGrains.Contracts.Hosting;
using KeypointGrains.ClusterClient.Connection;

namespace KeypointGrains.Hosting.Networking;

/// <summary>A silo or gateway port another process listens on, named with the setting (and switch) that moves it.</summary>
public sealed class PortInUseException(int port, string setting, Exception inner)
    : SiloRefusedException($"port {port} ({setting}, {Switch(setting)}) is in use by another process", inner)
{
    private static string Switch(string setting) => ClusterConfiguration.Switches.Single(s => s.Value == setting).Key;
}
