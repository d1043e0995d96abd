using System.Text.Json;
using System.Text.Json.Nodes;
using Segnals.Mcp.Runtime.Json;

namespace Segnals.Mcp.Runtime.Tools;

/// <summary>What the API said about the key (GET /keys/self): its scopes, or null when it could not say.</summary>
public sealed record KeyInfo(IReadOnlySet<string> Scopes, JsonElement Raw)
{
    /// <summary>Reads a GET /keys/self answer; null when it does not list the scopes.</summary>
    public static KeyInfo? FromKeySelf(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("scopes", out var scopes) || scopes.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var set = scopes.EnumerateArray().Where(scope => scope.ValueKind == JsonValueKind.String).Select(scope => scope.GetString()!).ToHashSet(StringComparer.Ordinal);
        return new KeyInfo(set, body);
    }

    /// <summary>Scopes known without asking the API (an OAuth grant's), shaped as GET /keys/self would give them.</summary>
    public static KeyInfo FromScopes(IEnumerable<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var set = scopes.ToHashSet(StringComparer.Ordinal);
        var raw = new JsonObject
        {
            ["label"] = "OAuth grant",
            ["scopes"] = new JsonArray([.. set.Order(StringComparer.Ordinal).Select(scope => (JsonNode?)scope)]),
        };
        return new KeyInfo(set, JsonElements.From(raw));
    }
}

/// <summary>
/// Learns the key's scopes once, at first use, so tools the key cannot use are hidden and refused
/// with the scope to add. Nobody waits long for it: after <see cref="DefaultMaxWait"/> the scopes
/// count as unknown (every tool is listed and the API's own 403 decides) while the look-up goes on
/// in the background; a failed look-up is tried again after a pause.
/// </summary>
public sealed class KeyScopes
{
    public static readonly TimeSpan DefaultMaxWait = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(30);

    private readonly Func<CancellationToken, Task<KeyInfo?>>? _load;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxWait;
    private readonly Lock _gate = new();
    private Task<KeyInfo?>? _loading;
    private KeyInfo? _known;
    private DateTimeOffset _nextAttempt = DateTimeOffset.MinValue;

    /// <param name="known">What is already known of the key (e.g. a grant's scopes): then nothing is looked up.</param>
    public KeyScopes(Func<CancellationToken, Task<KeyInfo?>>? load, TimeProvider time, TimeSpan? maxWait = null, KeyInfo? known = null)
    {
        _load = load;
        _time = time;
        _maxWait = maxWait ?? DefaultMaxWait;
        _known = known;
    }

    public async Task<KeyInfo?> GetAsync(CancellationToken cancellationToken)
    {
        if (_known is not null || _load is null)
        {
            return _known;
        }

        Task<KeyInfo?> loading;
        lock (_gate)
        {
            if (_loading is null || (_loading.IsCompleted && _known is null && _time.GetUtcNow() >= _nextAttempt))
            {
                _loading = LoadAsync(_load);
            }

            loading = _loading;
        }

        var finished = await Task.WhenAny(loading, Task.Delay(_maxWait, _time, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return finished == loading ? await loading.ConfigureAwait(false) : null;
    }

    /// <summary>True when the tool may be used: it needs no scope, the scopes are unknown, or the key has it.</summary>
    public static bool Allows(KeyInfo? key, string? scope) => scope is null || key is null || key.Scopes.Contains(scope);

    // Shared by every caller, so it is not tied to any one caller's cancellation; the HTTP timeout bounds it.
    private async Task<KeyInfo?> LoadAsync(Func<CancellationToken, Task<KeyInfo?>> load)
    {
        try
        {
            var key = await load(CancellationToken.None).ConfigureAwait(false);
            if (key is null)
            {
                _nextAttempt = _time.GetUtcNow() + RetryPause;
            }

            _known = key;
            return key;
        }
        catch (Exception)
        {
            _nextAttempt = _time.GetUtcNow() + RetryPause;
            return null;
        }
    }
}
