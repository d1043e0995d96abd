using System.Globalization;
using System.Net;
using Segnals.Mcp.Runtime.Catalog;
using Segnals.Mcp.Runtime.Configuration;

namespace Segnals.Mcp.Server.Cli;

internal enum CommandKind
{
    Serve,
    Help,
    Version,
    Doctor,
    Docs,
    Sandbox,
}

/// <summary>
/// The parsed command line. Nothing secret is ever taken from it: the key comes from the environment.
/// The hosted server (segnals-mcp-http) compiles this same file, so it reads the command line `segnals-mcp
/// serve --http` validated and handed on exactly as the launcher did.
/// </summary>
internal sealed record CommandLine(
    CommandKind Kind,
    bool UseSandbox,
    bool? ReadOnly,
    IReadOnlyList<string>? Toolsets,
    IReadOnlyList<string>? Tools,
    IReadOnlyList<string>? ExcludeTools,
    ToolListing? Listing,
    string? OutputPath,
    IReadOnlyList<string> Rest)
{
    /// <summary>--http: serve MCP over Streamable HTTP (the hosted server) instead of stdio.</summary>
    public bool Http { get; init; }

    /// <summary>--host: the address the hosted server listens on (an IP address or localhost).</summary>
    public string? Host { get; init; }

    /// <summary>--port: the hosted server's port (0 picks a free one).</summary>
    public int? Port { get; init; }

    /// <summary>--path: where the hosted server serves MCP.</summary>
    public string? Path { get; init; }

    /// <summary>--readonly-path: where the hosted server serves the read-only connector.</summary>
    public string? ReadOnlyPath { get; init; }

    /// <summary>True when an option only the hosted server understands was given.</summary>
    public bool HasHttpOptions => Host is not null || Port is not null || Path is not null || ReadOnlyPath is not null;

    public static CommandLineResult Parse(IReadOnlyList<string> args)
    {
        var kind = CommandKind.Serve;
        var sandbox = false;
        bool? readOnly = null;
        IReadOnlyList<string>? toolsets = null, tools = null, exclude = null;
        ToolListing? listing = null;
        string? output = null;
        var http = false;
        string? host = null, path = null, readOnlyPath = null;
        int? port = null;
        var index = 0;
        if (args.Count > 0 && !args[0].StartsWith('-'))
        {
            switch (args[0])
            {
                case "serve": kind = CommandKind.Serve; break;
                case "doctor": kind = CommandKind.Doctor; break;
                case "docs": kind = CommandKind.Docs; break;
                case "sandbox": return new CommandLineResult(new CommandLine(CommandKind.Sandbox, true, null, null, null, null, null, null, args.Skip(1).ToList()), null);
                case "help": kind = CommandKind.Help; break;
                case "version": kind = CommandKind.Version; break;
                default: return Error($"Unknown command '{args[0]}'. Commands: serve (default), doctor, docs, sandbox. See --help.");
            }

            index = 1;
        }

        for (; index < args.Count; index++)
        {
            var arg = args[index];
            var (name, inline) = arg.IndexOf('=') is var at and > 0 ? (arg[..at], arg[(at + 1)..]) : (arg, null);
            string? Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                return index + 1 < args.Count ? args[++index] : null;
            }

            switch (name)
            {
                case "-h" or "--help": kind = CommandKind.Help; break;
                case "-v" or "--version": kind = CommandKind.Version; break;
                case "--sandbox": sandbox = true; break;
                case "--read-only": readOnly = true; break;
                case "--toolsets": toolsets = List(Value()); if (toolsets is null) return Missing(name); break;
                case "--tools": tools = List(Value()); if (tools is null) return Missing(name); break;
                case "--exclude-tools": exclude = List(Value()); if (exclude is null) return Missing(name); break;
                case "--tools-list":
                    if (!ServerSettingsReader.TryParseChoice<ToolListing>(Value(), out var chosen)) return Error("Option --tools-list takes full (the default) or compact.");
                    listing = chosen;
                    break;
                case "--output" when kind == CommandKind.Docs: output = Value(); if (output is null) return Missing(name); break;
                case "--http": http = true; break;
                case "--host":
                    host = Value();
                    if (host is null || !(host == "localhost" || IPAddress.TryParse(host, out _))) return Error("Option --host takes an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::) or localhost.");
                    break;
                case "--port":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535) return Error("Option --port takes a port number from 0 to 65535 (0 picks a free port).");
                    port = number;
                    break;
                case "--path": path = Value(); if (!IsUrlPath(path)) return BadPath(name); break;
                case "--readonly-path": readOnlyPath = Value(); if (!IsUrlPath(readOnlyPath)) return BadPath(name); break;
                case "--api-key" or "--key":
                    return Error("The API key is never taken from the command line (it would show in process lists); set SEGNALS_API_KEY in the environment instead.");
                default:
                    return Error($"Unknown option '{name}'. See --help.");
            }
        }

        var command = new CommandLine(kind, sandbox, readOnly, toolsets, tools, exclude, listing, output, [])
        {
            Http = http,
            Host = host,
            Port = port,
            Path = path,
            ReadOnlyPath = readOnlyPath,
        };
        return new CommandLineResult(command, null);
    }

    /// <summary>
    /// The ceilings from this command line and the environment together. A ceiling given both ways must hold
    /// both ways, so adding one can never expose more: allow lists intersect, deny lists add up, read-only wins.
    /// Problems name every unknown toolset or tool given either way, including one the intersection drops.
    /// </summary>
    public ToolExposure Ceilings(ServerSettings settings, CatalogInfo catalog, out IReadOnlyList<string> problems)
    {
        var exposure = new ToolExposure(
            ReadOnly == true || settings.ReadOnly,
            Narrowest(Toolsets, settings.Toolsets),
            Narrowest(Tools, settings.Tools),
            (ExcludeTools ?? []).Union(settings.ExcludeTools, StringComparer.Ordinal).ToList());
        problems = new ToolExposure(false, Together(Toolsets, settings.Toolsets), Together(Tools, settings.Tools), exposure.ExcludeTools).Validate(catalog);
        return exposure;
    }

    /// <summary>A URL path the hosted server can serve: '/' then letters, digits and '/', '-', '_', '.'.</summary>
    public static bool IsUrlPath(string? path) =>
        path is { Length: > 1 and <= 200 } && path[0] == '/' && !path.EndsWith('/') && !path.Contains("//", StringComparison.Ordinal)
        && path.All(character => char.IsAsciiLetterOrDigit(character) || character is '/' or '-' or '_' or '.');

    private static IReadOnlyList<string>? Narrowest(IReadOnlyList<string>? first, IReadOnlyList<string>? second) =>
        first is null ? second : second is null ? first : first.Intersect(second, StringComparer.Ordinal).ToList();

    private static IReadOnlyList<string>? Together(IReadOnlyList<string>? first, IReadOnlyList<string>? second) =>
        first is null ? second : second is null ? first : first.Union(second, StringComparer.Ordinal).ToList();

    private static CommandLineResult BadPath(string option) =>
        Error($"Option {option} takes a URL path such as /mcp: '/' followed by letters, digits, '/', '-', '_' or '.', not ending in '/'.");

    private static IReadOnlyList<string>? List(string? value) =>
        value is null ? null : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static CommandLineResult Missing(string option) => Error($"Option {option} needs a value, e.g. {option} a,b.");

    private static CommandLineResult Error(string message) => new(null, message);
}

internal sealed record CommandLineResult(CommandLine? Command, string? Error);
