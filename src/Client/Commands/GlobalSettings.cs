using System.ComponentModel;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

/// <summary>Options every command takes.</summary>
public class GlobalSettings : CommandSettings
{
    [CommandOption("--config <FILE>")]
    [Description("JSON settings file (default: kg.json in the working directory, or KG_CONFIG).")]
    public string? ConfigFile { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description("auto | cpu | cuda | cuda:N (auto picks CUDA when present); for a campaign, the device of the silo kg hosts.")]
    public string? Device { get; init; }

    [CommandOption("--verbose")]
    [Description("Print the stack trace of an error, not only its one-line message.")]
    public bool Verbose { get; init; }
}
