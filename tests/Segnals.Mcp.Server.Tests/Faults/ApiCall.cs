using Segnals.Mcp.Server.Tests.Infrastructure;

namespace Segnals.Mcp.Server.Tests.Faults;

/// <summary>A tool call and the one API request it makes, so a fault can be staged on exactly that request.</summary>
internal sealed record ApiCall(string Tool, object? Arguments, string Method, string Path)
{
    /// <summary>An idempotent read: retried on transient failures, up to SEGNALS_MAX_RETRIES times.</summary>
    public static readonly ApiCall Read = new("segnals_list_bots", null, "GET", "/bots/");

    /// <summary>A write that is not idempotent (no confirmation step): sent once, whatever happens.</summary>
    public static readonly ApiCall Write = new("segnals_stop_bot", new { bot_id = 7 }, "POST", "/bots/7/control");

    public Task<ToolOutcome> InvokeAsync(ServerSession session) => session.CallAsync(Tool, Arguments);
}
