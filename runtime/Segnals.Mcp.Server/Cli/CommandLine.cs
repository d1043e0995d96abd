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

/// <summary>The parsed command line. Nothing secret is ever taken from it: the key comes from the environment.</summary>
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
    public static CommandLineResult Parse(IReadOnlyList<string> args)
    {
        var kind = CommandKind.Serve;
        var sandbox = false;
        bool? readOnly = null;
        IReadOnlyList<string>? toolsets = null, tools = null, exclude = null;
        ToolListing? listing = null;
        string? output = null;
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
                case "--api-key" or "--key":
                    return Error("The API key is never taken from the command line (it would show in process lists); set SEGNALS_API_KEY in the environment instead.");
                default:
                    return Error($"Unknown option '{name}'. See --help.");
            }
        }

        return new CommandLineResult(new CommandLine(kind, sandbox, readOnly, toolsets, tools, exclude, listing, output, []), null);
    }

    private static IReadOnlyList<string>? List(string? value) =>
        value is null ? null : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static CommandLineResult Missing(string option) => Error($"Option {option} needs a value, e.g. {option} a,b.");

    private static CommandLineResult Error(string message) => new(null, message);
}

internal sealed record CommandLineResult(CommandLine? Command, string? Error);
