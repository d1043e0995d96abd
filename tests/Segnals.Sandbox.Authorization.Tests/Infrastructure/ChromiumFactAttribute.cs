using Xunit;

namespace Segnals.Sandbox.Authorization.Tests.Infrastructure;

/// <summary>A test that needs Debian's headless Chromium; reported as skipped, saying what to install, where it is missing.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ExecutablePath))
        {
            Skip = $"needs Chromium at {ExecutablePath}: apt-get install -y chromium (./eng/test.sh installs it when run as root)";
        }
    }
}
