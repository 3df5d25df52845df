using KeypointGrains.Client.Configuration;
using KeypointGrains.Keypoints.Photos;
using Microsoft.Extensions.Configuration;

namespace KeypointGrains.Client.Commands;

/// <summary>The <c>Photos</c> section of kg's configuration (limits, detector, re-framing).</summary>
public static class PhotoConfiguration
{
    public static PhotoSettings From(KgConfiguration config) =>
        config.Settings.GetSection(PhotoSettings.Section).Get<PhotoSettings>() ?? new PhotoSettings();
}
