using Microsoft.Extensions.Configuration;

namespace KeypointGrains.Client.Configuration;

/// <summary>
/// Settings come from, in rising precedence: environment variables (KG_TRAIN__EPOCHS=50), a JSON file (kg.json in the
/// working directory, or the file named by --config or KG_CONFIG), and finally the command-line flags.
/// </summary>
public sealed class KgConfiguration(IConfiguration configuration)
{
    /// <summary>The raw settings, for the cluster sections (Cluster, Silo, Storage, Device, Training).</summary>
    public IConfiguration Settings => configuration;

    public const string DefaultFileName = "kg.json";

    public static KgConfiguration Load(string? configFile)
    {
        var builder = new ConfigurationBuilder().AddEnvironmentVariables("KG_");
        var file = configFile ?? Environment.GetEnvironmentVariable("KG_CONFIG");
        if (file is not null && !File.Exists(file))
            throw new FileNotFoundException($"Configuration file '{file}' does not exist.", file);
        file ??= File.Exists(DefaultFileName) ? DefaultFileName : null;
        if (file is not null)
            builder.AddJsonFile(Path.GetFullPath(file), optional: false);
        return new KgConfiguration(builder.Build());
    }

    /// <summary>The flag when given, else section:key from the file or environment, else the default.</summary>
    public T Resolve<T>(T? flag, string section, string key, T fallback) where T : struct =>
        flag ?? configuration.GetSection(section).GetValue<T?>(key) ?? fallback;

    /// <summary>The flag when given, else section:key from the file or environment, else null (the caller's default applies).</summary>
    public T? Resolve<T>(T? flag, string section, string key) where T : struct =>
        flag ?? configuration.GetSection(section).GetValue<T?>(key);

    public string Resolve(string? flag, string section, string key, string fallback) =>
        flag ?? configuration.GetSection(section)[key] ?? fallback;

    public string? Resolve(string? flag, string section, string key) =>
        flag ?? configuration.GetSection(section)[key];
}
