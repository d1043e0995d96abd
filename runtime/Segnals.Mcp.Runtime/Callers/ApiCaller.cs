using Segnals.Mcp.Runtime.Tools;

namespace Segnals.Mcp.Runtime.Callers;

/// <summary>
/// The caller a tool call runs for: the Segnals API key sent on its behalf, what that key may do, and
/// a label that names the caller without revealing the key. The stdio server has one caller for its
/// whole life; the hosted server has one per request. Everything that depends on "the key" (the
/// Authorization header, the rate-limit bucket, the scopes, confirmation tokens, error scrubbing) takes
/// it from here, never from the process.
/// </summary>
public sealed class ApiCaller
{
    private int _rejected;

    internal ApiCaller(string apiKey, string id, Func<ApiCaller, CancellationToken, Task<KeyInfo?>>? loadKeyInfo, TimeProvider time, KeyInfo? known = null)
    {
        ApiKey = apiKey;
        Id = id;
        Scopes = new KeyScopes(loadKeyInfo is null ? null : cancellationToken => loadKeyInfo(this, cancellationToken), time, known: known);
    }

    /// <summary>The key itself. Internal so that only the runtime's transport and token binding can read it.</summary>
    internal string ApiKey { get; }

    /// <summary>Names the caller in logs, metrics and rate-limit buckets; never the key or anything it can be recovered from.</summary>
    public string Id { get; }

    /// <summary>The key's scopes, learnt once for this caller (GET /keys/self).</summary>
    public KeyScopes Scopes { get; }

    /// <summary>
    /// True once the API has refused this caller's key (401: invalid, expired or revoked). A hosted server that was
    /// handed the key by token exchange takes it as the end of the user's grant and asks the client to sign in again.
    /// </summary>
    public bool WasRejected => Volatile.Read(ref _rejected) != 0;

    internal void NoteRejected() => Volatile.Write(ref _rejected, 1);

    public override string ToString() => Id;
}
