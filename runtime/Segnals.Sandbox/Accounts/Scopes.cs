namespace Segnals.Sandbox.Accounts;

/// <summary>The 11 API scopes. A key holds a set of them; an endpoint needs one (or none).</summary>
internal static class Scopes
{
    public const string ReadAccount = "read:account";
    public const string ReadStats = "read:stats";
    public const string ReadBots = "read:bots";
    public const string WriteBots = "write:bots";
    public const string ControlBots = "control:bots";
    public const string WriteStrategies = "write:strategies";
    public const string ReadMarketplace = "read:marketplace";
    public const string WriteMarketplace = "write:marketplace";
    public const string ReadNews = "read:news";
    public const string ReadKnowledge = "read:knowledge";
    public const string ManageNotifications = "manage:notifications";

    public static readonly IReadOnlyList<string> All =
    [
        ReadAccount, ReadStats, ReadBots, WriteBots, ControlBots, WriteStrategies,
        ReadMarketplace, WriteMarketplace, ReadNews, ReadKnowledge, ManageNotifications,
    ];

    /// <summary>What each scope allows, in plain words (the same sentences as catalog/service.yaml; a test keeps them equal).</summary>
    public static string Describe(string scope) => scope switch
    {
        ReadAccount => "Read the profile, subscription, exchange connection status and copy-trading state.",
        ReadStats => "Read PnL, dashboards, per-bot performance and trade history.",
        ReadBots => "Read bots, their configuration, logs and the strategy parameter schema.",
        WriteBots => "Create bots and change their name or configuration.",
        ControlBots => "Start, stop, restart and delete bots; start or stop copy trading.",
        WriteStrategies => "Create complete strategies and configure indicator filters.",
        ReadMarketplace => "Browse marketplace listings and read your own listings and sales.",
        WriteMarketplace => "Publish listings and copy or buy strategies.",
        ReadNews => "Read the news feed, market sentiment and prices.",
        ReadKnowledge => "Search the Segnals knowledge base.",
        ManageNotifications => "Read and change notification preferences.",
        _ => throw new ArgumentException($"Unknown scope '{scope}'.", nameof(scope)),
    };

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);

    /// <summary>Bit for a scope, so a key's scopes are one integer to test.</summary>
    public static int Bit(string scope)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], scope, StringComparison.Ordinal))
            {
                return 1 << i;
            }
        }
        return 0;
    }

    public static int Mask(IEnumerable<string> scopes)
    {
        var mask = 0;
        foreach (var scope in scopes)
        {
            mask |= Bit(scope);
        }
        return mask;
    }

    /// <summary>Canonical stored form: known scopes in catalog order, space-separated.</summary>
    public static string Normalize(IEnumerable<string> scopes)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            var trimmed = scope.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }
            if (!IsKnown(trimmed))
            {
                throw new ArgumentException($"Unknown scope '{trimmed}'. Known scopes: {string.Join(", ", All)}.", nameof(scopes));
            }
            set.Add(trimmed);
        }
        return string.Join(' ', All.Where(set.Contains));
    }
}

/// <summary>Subscription tiers and what each allows.</summary>
internal static class Tiers
{
    public const string Free = "free";
    public const string Pro = "pro";
    public const string Vip = "vip";

    public static bool IsKnown(string tier) => tier is Free or Pro or Vip;

    /// <summary>Bots a user may own; null means unlimited.</summary>
    public static int? BotLimit(string tier) => tier switch
    {
        Free => 3,
        Pro => 25,
        _ => null,
    };

    public static string PlanName(string tier) => tier switch
    {
        Free => "Free",
        Pro => "Pro Monthly",
        _ => "VIP Monthly",
    };

    public static double MonthlyPriceUsd(string tier) => tier switch
    {
        Free => 0,
        Pro => 29,
        _ => 79,
    };
}
