namespace Segnals.Mcp.Runtime.Configuration;

/// <summary>How a ✋ tool's execution is confirmed (SEGNALS_CONFIRMATION). The first member is the default.</summary>
public enum ConfirmationMode
{
    /// <summary>Ask the human through MCP elicitation where the client supports it, else use a token.</summary>
    Auto,

    /// <summary>Always ask the human through elicitation; refuse where the client cannot.</summary>
    Elicit,

    /// <summary>The preview returns a token bound to the tool and arguments; execution needs it.</summary>
    Token,

    /// <summary>A plain confirm: true is enough (the weakest mode, as in the published server).</summary>
    Flag,
}
