using System.Text;

namespace Segnals.Mcp.Runtime.Configuration;

/// <summary>
/// Everything the operator configures, read from SEGNALS_* environment variables by
/// <see cref="ServerSettingsReader"/>. Operator ceilings (read-only, toolsets, tools, excluded tools)
/// can only narrow what the server exposes.
/// </summary>
public sealed record ServerSettings
{
    public static readonly Uri DefaultApiBase = new("https://segnals.com/api");

    /// <summary>SEGNALS_API_KEY. Never printed: <see cref="ToString"/> shows only its prefix.</summary>
    public required string ApiKey { get; init; }

    /// <summary>SEGNALS_API_BASE.</summary>
    public Uri ApiBase { get; init; } = DefaultApiBase;

    /// <summary>SEGNALS_TIMEOUT_MS: how long one API attempt may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(30_000);

    /// <summary>SEGNALS_MAX_RETRIES: extra attempts for idempotent calls.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>SEGNALS_RATE_LIMIT_PER_MINUTE: this server's own call budget.</summary>
    public int RateLimitPerMinute { get; init; } = 120;

    /// <summary>SEGNALS_CONFIRMATION.</summary>
    public ConfirmationMode Confirmation { get; init; } = ConfirmationMode.Auto;

    /// <summary>SEGNALS_CONFIRMATION_SECRET: shared by HTTP replicas so any of them accepts another's token; null means a per-process secret.</summary>
    public byte[]? ConfirmationSecret { get; init; }

    /// <summary>SEGNALS_CONFIRMATION_TTL_SECONDS: how long a preview's confirmation token stays valid (5 minutes by default).</summary>
    public TimeSpan ConfirmationLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>SEGNALS_TOOLS_LIST: how much of each tool definition tools/list sends.</summary>
    public ToolListing Listing { get; init; } = ToolListing.Full;

    /// <summary>SEGNALS_READ_ONLY: expose no tool that changes anything.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>SEGNALS_TOOLSETS: only these toolsets; null means all.</summary>
    public IReadOnlyList<string>? Toolsets { get; init; }

    /// <summary>SEGNALS_TOOLS: only these tools; null means all.</summary>
    public IReadOnlyList<string>? Tools { get; init; }

    /// <summary>SEGNALS_EXCLUDE_TOOLS: never these tools.</summary>
    public IReadOnlyList<string> ExcludeTools { get; init; } = [];

    // Records print every property by default; this keeps the key and the secret out of logs.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ApiKey = ").Append(ApiKeyFormat.Redact(ApiKey))
            .Append(", ApiBase = ").Append(ApiBase)
            .Append(", Timeout = ").Append(Timeout)
            .Append(", MaxRetries = ").Append(MaxRetries)
            .Append(", RateLimitPerMinute = ").Append(RateLimitPerMinute)
            .Append(", Confirmation = ").Append(Confirmation)
            .Append(", ConfirmationSecret = ").Append(ConfirmationSecret is null ? "(per process)" : "(set)")
            .Append(", Listing = ").Append(Listing)
            .Append(", ReadOnly = ").Append(ReadOnly)
            .Append(", Toolsets = ").Append(Toolsets is null ? "(all)" : string.Join(',', Toolsets))
            .Append(", Tools = ").Append(Tools is null ? "(all)" : string.Join(',', Tools))
            .Append(", ExcludeTools = ").Append(string.Join(',', ExcludeTools));
        return true;
    }
}
