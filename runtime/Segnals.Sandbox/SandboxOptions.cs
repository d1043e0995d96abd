namespace Segnals.Sandbox;

/// <summary>How a <see cref="SandboxHost"/> listens, where it stores its data and how fast its simulation runs.</summary>
public sealed class SandboxOptions
{
    /// <summary>Loopback port to bind; 0 picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>SQLite file, or ":memory:" for a database that lives as long as the host; <see cref="SandboxDataFolder"/> says where a user's goes.</summary>
    public required string DatabasePath { get; set; }

    /// <summary>Time a started bot spends in starting and warming_up before it runs.</summary>
    public TimeSpan WarmupDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Requests per minute allowed for a key created without an explicit limit.</summary>
    public int DefaultRateLimitPerMinute { get; set; } = 120;

    /// <summary>Clock for the simulation, key expiry and rate-limit windows (tests pass a manual clock).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Write one line per request to stderr (method, path, status, duration; never the key).</summary>
    public bool LogRequests { get; set; }

    /// <summary>The environment variable with which a server that embeds the sandbox is told where its database is.</summary>
    public const string DatabasePathVariable = "SEGNALS_SANDBOX_DB";

    /// <summary>What runs beside the API in the same web application (e.g. the OAuth authorization server).</summary>
    public IList<ISandboxExtension> Extensions { get; } = [];

    internal const string InMemory = ":memory:";
}
