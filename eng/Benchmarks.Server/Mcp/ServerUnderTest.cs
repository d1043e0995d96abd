using System.Reflection;
using System.Reflection.PortableExecutable;

namespace Segnals.Benchmarks.Server.Mcp;

/// <summary>
/// One segnals-mcp build to measure. A .dll runs through the dotnet muxer; anything else (the apphost
/// next to it, a published folder's segnals-mcp, or a Native AOT executable) runs directly, as a desktop
/// client's command would.
/// </summary>
internal sealed record ServerUnderTest(string Label, string Path)
{
    public bool ViaMuxer => Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);

    public string AssemblyPath => ViaMuxer ? Path : System.IO.Path.ChangeExtension(Path, null) + ".dll";

    /// <summary>A native executable with no IL assembly beside it: compiled ahead of time, nothing for a JIT.</summary>
    public bool IsNativeAot => !ViaMuxer && !File.Exists(AssemblyPath);

    public string Launcher => ViaMuxer ? "dotnet " + System.IO.Path.GetFileName(Path) : System.IO.Path.GetFileName(Path) + (IsNativeAot ? " (native)" : " (apphost)");

    public string Build => IsNativeAot ? "Native AOT" : IsReadyToRun ? "ReadyToRun" : "IL only (JIT)";

    /// <summary>The executable a client starts (for a .dll, the assembly itself; the runtime comes from the machine).</summary>
    public long ExecutableBytes => new FileInfo(Path).Length;

    /// <summary>Everything in the build's folder: what its tool package unpacks to, symbols aside.</summary>
    public long FolderBytes => new DirectoryInfo(System.IO.Path.GetDirectoryName(Path)!)
        .EnumerateFiles("*", SearchOption.AllDirectories)
        .Where(file => file.Extension is not (".pdb" or ".dbg"))
        .Sum(file => file.Length);

    /// <summary>True when segnals-mcp.dll carries ReadyToRun native code.</summary>
    private bool IsReadyToRun
    {
        get
        {
            using var stream = File.OpenRead(AssemblyPath);
            using var reader = new PEReader(stream);
            return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
        }
    }

    /// <summary>"label=path" or just a path (a file, or a folder holding segnals-mcp).</summary>
    public static ServerUnderTest Parse(string argument, int index)
    {
        var split = argument.IndexOf('=', StringComparison.Ordinal);
        var label = split > 0 ? argument[..split] : "server " + (index + 1);
        var path = System.IO.Path.GetFullPath(split > 0 ? argument[(split + 1)..] : argument);
        return new ServerUnderTest(label, Resolve(path));
    }

    /// <summary>The Release (or whatever configuration this benchmark was built in) output of runtime/Segnals.Mcp.Server, recorded at build time.</summary>
    public static ServerUnderTest Default()
    {
        var recorded = typeof(ServerUnderTest).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "SegnalsMcpServer")?.Value;
        if (string.IsNullOrEmpty(recorded) || !File.Exists(recorded))
        {
            throw new InvalidOperationException("segnals-mcp.dll was not found where the build put it (" + recorded + "); pass --server <path>.");
        }

        return new ServerUnderTest("portable", Resolve(recorded));
    }

    /// <summary>Prefers the apphost (what the tool shim and dnx start) when it sits beside the dll.</summary>
    internal static string Resolve(string path)
    {
        if (Directory.Exists(path))
        {
            path = System.IO.Path.Combine(path, "segnals-mcp");
        }

        var apphost = path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? System.IO.Path.ChangeExtension(path, null) : path;
        if (File.Exists(apphost) && !OperatingSystem.IsWindows())
        {
            return apphost;
        }

        if (File.Exists(path))
        {
            return path;
        }

        var dll = apphost + ".dll";
        return File.Exists(dll) ? dll : throw new FileNotFoundException("No segnals-mcp at " + path);
    }

    /// <summary>The same build started through 'dotnet segnals-mcp.dll'; null for Native AOT, which has no assembly to hand the muxer.</summary>
    public ServerUnderTest? WithMuxer() => IsNativeAot ? null : this with { Path = AssemblyPath };
}
