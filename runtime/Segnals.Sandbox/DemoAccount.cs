namespace Segnals.Sandbox;

/// <summary>A ready-to-use demo login: a full-scope key (shown once) for the seeded VIP user.</summary>
public sealed record DemoAccount(string ApiKey, string Username);

/// <summary>One audited write request.</summary>
public sealed record AuditEntry(
    long Id,
    long? KeyId,
    string Method,
    string Path,
    int StatusCode,
    DateTimeOffset At,
    string? IdempotencyKey,
    bool Replayed);
