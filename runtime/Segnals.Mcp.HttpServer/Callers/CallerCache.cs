using Microsoft.Extensions.Caching.Memory;
using Segnals.Mcp.Runtime.Callers;

namespace Segnals.Mcp.HttpServer.Callers;

/// <summary>
/// The callers of recent requests, so a caller's scopes are learnt once and not on every request. Keyed by the
/// full SHA-256 of the key (the key itself is never a cache key, and a 64-bit label could collide); bounded, and
/// each entry lives a short while, after which the key's scopes are learnt again (a scope added or removed takes
/// effect within <see cref="Lifetime"/>).
/// </summary>
internal sealed class CallerCache : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    /// <summary>Callers kept at most; past it a new caller is served uncached until old entries are compacted away.</summary>
    public const int Capacity = 10_000;

    private readonly ApiCallers _callers;
    private readonly MemoryCache _cache;

    public CallerCache(ApiCallers callers)
    {
        _callers = callers;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Capacity });
    }

    public ApiCaller For(string apiKey)
    {
        return _cache.GetOrCreate(CredentialHash.Of(apiKey), entry =>
        {
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            return _callers.ForKey(apiKey);
        })!;
    }

    public void Dispose() => _cache.Dispose();
}
