using System.Collections;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Segnals.Mcp.Server.Hosting;

/// <summary>
/// Replaces this process with another program (POSIX execve): same process id, same stdin/stdout/stderr, so
/// whoever started segnals-mcp (a shell, systemd, a container runtime) signals and waits for the hosted server
/// itself. .NET has no API for it. All arguments are pointers, so the call needs no marshalling (AOT-safe).
/// </summary>
internal static class ProcessReplacement
{
    /// <summary>Returns only when this process was not replaced: why, or null when exec is not available here.</summary>
    public static string? Exec(IReadOnlyList<string> argv)
    {
        var strings = new List<nint>();
        try
        {
            var arguments = Terminated(argv, strings);
            var environment = Terminated(
                Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().Select(entry => $"{entry.Key}={entry.Value}").ToList(),
                strings);
            _ = OperatingSystem.IsMacOS()
                ? MacExecve(arguments[0], arguments, environment)
                : LinuxExecve(arguments[0], arguments, environment);
            return $"exec {argv[0]} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            // e.g. a musl libc: the hosted server runs as a child instead.
            return null;
        }
        finally
        {
            strings.ForEach(Marshal.FreeCoTaskMem);
        }
    }

    /// <summary>Asks a child to stop as SIGTERM would (used where exec was not available).</summary>
    public static void Terminate(Process child)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                // The child shares this console and receives the same close or shutdown event itself.
                return;
            }

            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false });
            kill?.WaitForExit();
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }

    private static nint[] Terminated(IReadOnlyList<string> values, List<nint> strings)
    {
        var pointers = new nint[values.Count + 1];
        for (var index = 0; index < values.Count; index++)
        {
            pointers[index] = Marshal.StringToCoTaskMemUTF8(values[index]);
            strings.Add(pointers[index]);
        }

        return pointers;
    }

    [DllImport("libc.so.6", EntryPoint = "execve", SetLastError = true)]
    private static extern int LinuxExecve(nint path, nint[] argv, nint[] envp);

    [DllImport("libSystem.dylib", EntryPoint = "execve", SetLastError = true)]
    private static extern int MacExecve(nint path, nint[] argv, nint[] envp);
}
