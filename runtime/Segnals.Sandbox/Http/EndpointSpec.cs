namespace Segnals.Sandbox.Http;

/// <summary>
/// One API endpoint: method, route (under /api), the scope it needs (null = any valid key), its handler,
/// and whether running bots must be simulated up to now before it reads.
/// </summary>
internal sealed record EndpointSpec(
    string Method,
    string Pattern,
    string? Scope,
    Func<ApiRequest, ApiResult> Handler,
    bool NeedsCatchUp = false)
{
    public bool IsWrite => Method != "GET";

    public int ScopeBit { get; } = Scope is null ? 0 : Accounts.Scopes.Bit(Scope);
}
