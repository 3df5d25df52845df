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
    [Description("auto | cpu | cuda (auto picks CUDA when present).")]
    public string? Device { get; init; }
}
