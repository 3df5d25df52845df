using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

public sealed class ServeSettings : GlobalSettings
{
    [CommandOption("--campaign <ID>")]
    [Description("The campaign whose ensemble to load before saying ready (default: the last one started here); every campaign of the cluster is served.")]
    public string? Campaign { get; init; }

    [CommandOption("--port <P>")]
    [Description("REST port on 127.0.0.1 (default 8000; 0: a free one; Web:Urls binds others, with credentials beyond loopback).")]
    public int? Port { get; init; }

    [CommandOption("--grpc-port <Q>")]
    [Description("gRPC port (cleartext HTTP/2) on 127.0.0.1 (default 8001; 0: a free one; Web:GrpcUrls binds others).")]
    public int? GrpcPort { get; init; }

    [CommandOption("--cluster")]
    [Description("Connect to running silos instead of hosting one in this process.")]
    public bool? Cluster { get; init; }
}
