namespace Segnals.Mcp.Runtime.Configuration;

/// <summary>The settings, or every problem found (Settings is then null): all are reported at once, so a fix takes one round.</summary>
public sealed record SettingsResult(ServerSettings? Settings, IReadOnlyList<string> Errors);
