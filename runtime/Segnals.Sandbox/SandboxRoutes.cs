using Segnals.Sandbox.Accounts;
using Segnals.Sandbox.Endpoints;
using Segnals.Sandbox.Http;

namespace Segnals.Sandbox;

/// <summary>
/// The API surface, one row per endpoint of the REST contract (paths relative to /api). Literal routes
/// (/bots/dashboard, /bots/trades, /marketplace/me/sales) outrank parameter routes in ASP.NET Core routing,
/// so they are never captured by /bots/{id} or /marketplace/{id}. Nothing here moves funds, touches exchange
/// secrets or changes a profile: such endpoints do not exist.
/// </summary>
internal static class SandboxRoutes
{
    public static IReadOnlyList<EndpointSpec> All { get; } =
    [
        // Account
        new("GET", "/user/me", null, AccountEndpoints.Me),
        new("GET", "/keys/self", null, AccountEndpoints.KeySelf),
        new("GET", "/user/billing", Scopes.ReadAccount, AccountEndpoints.Billing),
        new("GET", "/user/connections-status", Scopes.ReadAccount, AccountEndpoints.Connections),

        // Stats (bots are simulated up to now before these read)
        new("GET", "/bots/dashboard", Scopes.ReadStats, StatsEndpoints.Dashboard, NeedsCatchUp: true),
        new("GET", "/stats/pnl", Scopes.ReadStats, StatsEndpoints.Pnl, NeedsCatchUp: true),
        new("GET", "/bots/{id}/performance", Scopes.ReadStats, StatsEndpoints.Performance, NeedsCatchUp: true),
        new("GET", "/bots/trades", Scopes.ReadStats, StatsEndpoints.Trades, NeedsCatchUp: true),

        // Bots
        new("GET", "/bots/", Scopes.ReadBots, BotEndpoints.List),
        new("GET", "/bots/{id}", Scopes.ReadBots, BotEndpoints.Get, NeedsCatchUp: true),
        new("GET", "/bots/{id}/logs", Scopes.ReadBots, BotEndpoints.Logs, NeedsCatchUp: true),
        new("GET", "/strategies/schema", Scopes.ReadBots, StrategyEndpoints.Schema),
        new("POST", "/bots/create", Scopes.WriteBots, BotEndpoints.Create),
        new("PUT", "/bots/{id}", Scopes.WriteBots, BotEndpoints.Update),
        new("DELETE", "/bots/{id}", Scopes.ControlBots, BotEndpoints.Delete),
        new("POST", "/bots/{id}/control", Scopes.ControlBots, BotEndpoints.Control),

        // Strategies
        new("POST", "/strategies", Scopes.WriteStrategies, StrategyEndpoints.Create),
        new("PUT", "/bots/{id}/filters/{type}", Scopes.WriteStrategies, StrategyEndpoints.SetFilter),

        // Marketplace
        new("GET", "/marketplace", Scopes.ReadMarketplace, MarketplaceEndpoints.Browse),
        new("GET", "/marketplace/me/sales", Scopes.ReadMarketplace, MarketplaceEndpoints.MySales),
        new("GET", "/marketplace/{id}", Scopes.ReadMarketplace, MarketplaceEndpoints.Get),
        new("POST", "/marketplace/{id}/copy", Scopes.WriteMarketplace, MarketplaceEndpoints.Copy),
        new("POST", "/marketplace/listings", Scopes.WriteMarketplace, MarketplaceEndpoints.Publish),

        // Copy trading
        new("GET", "/copy-trading/", Scopes.ReadAccount, CopyTradingEndpoints.Get),
        new("POST", "/copy-trading/control", Scopes.ControlBots, CopyTradingEndpoints.Control),

        // Market data
        new("GET", "/newsfeed", Scopes.ReadNews, MarketEndpoints.News),
        new("GET", "/market/sentiment", Scopes.ReadNews, MarketEndpoints.Sentiment),
        new("GET", "/market/price", Scopes.ReadNews, MarketEndpoints.Price),

        // Knowledge
        new("GET", "/knowledge/search", Scopes.ReadKnowledge, KnowledgeEndpoints.Search),

        // Notifications
        new("GET", "/user/notification-preferences", Scopes.ManageNotifications, NotificationEndpoints.Get),
        new("POST", "/user/notification-preferences", Scopes.ManageNotifications, NotificationEndpoints.Set),
    ];
}
