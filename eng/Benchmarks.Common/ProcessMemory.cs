using System.Globalization;

namespace Segnals.Benchmarks.Measurement;

/// <summary>A process's resident memory as Linux reports it in /proc/&lt;pid&gt;/status.</summary>
public static class ProcessMemory
{
    /// <summary>Peak resident set (VmHWM) in KiB, or -1 when the process is gone or this is not Linux.</summary>
    public static long PeakKiB(int processId)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal) && line.EndsWith(" kB", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..^3].Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return -1;
    }

    public static string MiB(long kib) => kib < 0 ? "?" : (kib / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}
