namespace Segnals.Mcp.Server.Tests.Infrastructure;

/// <summary>One row of the product's tool table (shared/reference/tools.md), written out independently of the catalog.</summary>
internal sealed record ExpectedTool(string Name, string Group, string Kind, string? Scope, bool Confirm)
{
    public bool IsRead => Kind == "read";
}

/// <summary>The 36 tools the server must expose: the oracle the listing is checked against.</summary>
internal static class ExpectedTools
{
    public static readonly IReadOnlyList<ExpectedTool> All =
    [
        new("segnals_whoami", "account", "read", null, false),
        new("segnals_get_capabilities", "account", "read", null, false),
        new("segnals_get_safety_disclaimer", "account", "read", null, false),
        new("segnals_get_account", "account", "read", "read:account", false),
        new("segnals_get_subscription", "account", "read", "read:account", false),
        new("segnals_list_connections", "account", "read", "read:account", false),
        new("segnals_get_dashboard", "stats", "read", "read:stats", false),
        new("segnals_get_pnl_summary", "stats", "read", "read:stats", false),
        new("segnals_get_bot_performance", "stats", "read", "read:stats", false),
        new("segnals_get_trades", "stats", "read", "read:stats", false),
        new("segnals_list_bots", "bots", "read", "read:bots", false),
        new("segnals_get_bot", "bots", "read", "read:bots", false),
        new("segnals_get_bot_logs", "bots", "read", "read:bots", false),
        new("segnals_get_strategy_schema", "bots", "read", "read:bots", false),
        new("segnals_explain_config", "bots", "read", "read:bots", false),
        new("segnals_create_bot", "bots", "write", "write:bots", true),
        new("segnals_update_bot", "bots", "write", "write:bots", true),
        new("segnals_delete_bot", "bots", "control", "control:bots", true),
        new("segnals_start_bot", "bots", "control", "control:bots", true),
        new("segnals_stop_bot", "bots", "control", "control:bots", false),
        new("segnals_restart_bot", "bots", "control", "control:bots", true),
        new("segnals_create_strategy", "strategies", "write", "write:strategies", true),
        new("segnals_set_indicator_filter", "strategies", "write", "write:strategies", true),
        new("segnals_browse_marketplace", "marketplace", "read", "read:marketplace", false),
        new("segnals_get_listing", "marketplace", "read", "read:marketplace", false),
        new("segnals_my_listings", "marketplace", "read", "read:marketplace", false),
        new("segnals_publish_listing", "marketplace", "write", "write:marketplace", true),
        new("segnals_copy_strategy", "marketplace", "write", "write:marketplace", true),
        new("segnals_get_copy_trading", "copy_trading", "read", "read:account", false),
        new("segnals_control_copy_trading", "copy_trading", "control", "control:bots", true),
        new("segnals_get_news", "market", "read", "read:news", false),
        new("segnals_get_sentiment", "market", "read", "read:news", false),
        new("segnals_get_market_price", "market", "read", "read:news", false),
        new("segnals_search_knowledge", "market", "read", "read:knowledge", false),
        new("segnals_get_notifications", "notifications", "read", "manage:notifications", false),
        new("segnals_set_notifications", "notifications", "write", "manage:notifications", false),
    ];

    public static IEnumerable<string> Names => All.Select(tool => tool.Name);

    public static IEnumerable<string> ReadNames => All.Where(tool => tool.IsRead).Select(tool => tool.Name);

    public static IEnumerable<string> InGroups(params string[] groups) => All.Where(tool => groups.Contains(tool.Group)).Select(tool => tool.Name);

    public static ExpectedTool Get(string name) => All.Single(tool => tool.Name == name);
}
