namespace KeypointGrains.Deploy.Tests.Compose;

/// <summary>A compose short-syntax port: [HOST_IP:]HOST_PORT:CONTAINER_PORT.</summary>
public sealed record PublishedPort(string? HostIp, int HostPort, int ContainerPort)
{
    public static PublishedPort Parse(string text) => text.Split(':') switch
    {
        [var host, var container] => new(null, int.Parse(host), int.Parse(container)),
        [var ip, var host, var container] => new(ip, int.Parse(host), int.Parse(container)),
        _ => throw new FormatException($"Port '{text}' is not [HOST_IP:]HOST_PORT:CONTAINER_PORT."),
    };
}
