using System.Text.Json;

namespace Segnals.Mcp.Runtime.Tools;

/// <summary>What the API said about the key (GET /keys/self): its scopes, or null when it could not say.</summary>
public sealed record KeyInfo(IReadOnlySet<string> Scopes, JsonElement Raw);

/// <summary>
/// Learns the key's scopes once, at first use, so tools the key cannot use are hidden and refused
/// with the scope to add. A failed look-up is retried after a pause; meanwhile every tool is listed
/// and the API's own 403 is relied on.
/// </summary>
public sealed class KeyScopes
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(30);

    private readonly Func<CancellationToken, Task<KeyInfo?>>? _load;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private KeyInfo? _known;
    private DateTimeOffset _nextAttempt = DateTimeOffset.MinValue;

    public KeyScopes(Func<CancellationToken, Task<KeyInfo?>>? load, TimeProvider time)
    {
        _load = load;
        _time = time;
    }

    /// <summary>A fixed answer, for hosts that already know the scopes (e.g. from an OAuth token).</summary>
    public static KeyScopes Fixed(IReadOnlySet<string>? scopes) =>
        new(scopes is null ? null : _ => Task.FromResult<KeyInfo?>(new KeyInfo(scopes, default)), TimeProvider.System);

    public async Task<KeyInfo?> GetAsync(CancellationToken cancellationToken)
    {
        if (_known is not null || _load is null)
        {
            return _known;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_known is not null || _time.GetUtcNow() < _nextAttempt)
            {
                return _known;
            }

            try
            {
                _known = await _load(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _known = null;
            }

            if (_known is null)
            {
                _nextAttempt = _time.GetUtcNow() + RetryPause;
            }

            return _known;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>True when the tool may be used: it needs no scope, the scopes are unknown, or the key has it.</summary>
    public static bool Allows(KeyInfo? key, string? scope) => scope is null || key is null || key.Scopes.Contains(scope);
}
