using System.Security.Cryptography;
using System.Text;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tools;

namespace Segnals.Mcp.Runtime.Callers;

/// <summary>Makes <see cref="ApiCaller"/>s that learn their scopes through the same look-up.</summary>
public sealed class ApiCallers
{
    /// <summary>The label of the one caller of a process that serves a single key.</summary>
    public const string LocalId = "local";

    private const int IdHexDigits = 16;

    private readonly Func<ApiCaller, CancellationToken, Task<KeyInfo?>>? _loadKeyInfo;
    private readonly TimeProvider _time;

    /// <param name="loadKeyInfo">Asks the API what the caller's key may do (GET /keys/self); null when nobody can tell.</param>
    /// <param name="time">The clock for the scope look-up's waits and retries.</param>
    public ApiCallers(Func<ApiCaller, CancellationToken, Task<KeyInfo?>>? loadKeyInfo, TimeProvider? time = null)
    {
        _loadKeyInfo = loadKeyInfo;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// The only caller of a single-key process (the stdio server). Its label is fixed rather than derived
    /// from the key: hashing would load the platform's crypto library on the read path for nothing.
    /// </summary>
    public ApiCaller Local(string apiKey)
    {
        ApiKeyHeaderCheck.ThrowIfUnsendable(apiKey);
        return new ApiCaller(apiKey, LocalId, _loadKeyInfo, _time);
    }

    /// <summary>A caller among many (the hosted server), labelled by a prefix of its key's SHA-256.</summary>
    public ApiCaller ForKey(string apiKey)
    {
        ApiKeyHeaderCheck.ThrowIfUnsendable(apiKey);
        return new ApiCaller(apiKey, IdOf(apiKey), _loadKeyInfo, _time);
    }

    /// <summary>
    /// A caller whose key was handed to the server on a user's behalf (OAuth token exchange): its scopes are the
    /// grant's, known already, so they are never looked up; <paramref name="id"/> names the user rather than the key,
    /// so the user's rate-limit budget carries over from one short-lived key to the next.
    /// </summary>
    public ApiCaller ForDelegatedKey(string apiKey, string id, IEnumerable<string> scopes)
    {
        ApiKeyHeaderCheck.ThrowIfUnsendable(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return new ApiCaller(apiKey, id, _loadKeyInfo, _time, KeyInfo.FromScopes(scopes));
    }

    /// <summary>"key-" and the first 64 bits of the key's SHA-256 in hex: enough to tell keys apart in logs, nothing to recover one from.</summary>
    public static string IdOf(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
        return "key-" + Convert.ToHexStringLower(hash)[..IdHexDigits];
    }
}
