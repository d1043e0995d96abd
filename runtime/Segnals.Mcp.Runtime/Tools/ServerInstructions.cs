namespace Segnals.Mcp.Runtime.Tools;

/// <summary>What every Segnals MCP server tells the client's model at the start, whichever transport it serves.</summary>
public static class ServerInstructions
{
    public const string Text =
        "Segnals trading account tools. Call segnals_get_capabilities to see what this key may do. " +
        "Tools with a 'confirm' parameter never act without the user's agreement: the client shows them a confirmation " +
        "dialog, or the call returns a preview; show it to the user and only once they agree call again with confirm: true " +
        "(and the preview's confirmation_token when it has one). Amounts are real money unless the server runs in sandbox mode.";
}
