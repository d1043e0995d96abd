using System.Globalization;
using Microsoft.AspNetCore.Http;
using Segnals.Sandbox.Accounts;
using Segnals.Sandbox.Storage;

namespace Segnals.Sandbox.Http;

/// <summary>What a handler sees: the authenticated caller, its database work unit, the clock, the parsed body.</summary>
internal sealed class ApiRequest
{
    public ApiRequest(HttpContext http, Caller caller, Db db, long nowMs, SandboxServices services, RequestBody body)
    {
        Http = http;
        Caller = caller;
        Db = db;
        NowMs = nowMs;
        Services = services;
        Body = body;
    }

    public HttpContext Http { get; }

    public Caller Caller { get; }

    public long UserId => Caller.UserId;

    public Db Db { get; }

    public long NowMs { get; }

    public SandboxServices Services { get; }

    public RequestBody Body { get; }

    /// <summary>A numeric id from the path; anything else is simply not found.</summary>
    public long RouteId(string name, string what)
    {
        var raw = Http.Request.RouteValues[name] as string;
        if (raw is null || raw.Length > 18 || !long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
        {
            throw ApiException.NotFound(what);
        }
        return id;
    }

    public string RouteValue(string name) => Http.Request.RouteValues[name] as string ?? "";

    public string? Query(string name)
    {
        var value = Http.Request.Query[name];
        if (value.Count == 0)
        {
            return null;
        }
        var text = value[0];
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    public int QueryInt(string name, int min, int max, int fallback)
    {
        var text = Query(name);
        if (text is null)
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw ApiException.Validation(name, $"{name} must be an integer from {min} to {max}");
        }
        return value;
    }

    public long? QueryId(string name)
    {
        var text = Query(name);
        if (text is null)
        {
            return null;
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw ApiException.Validation(name, $"{name} must be an integer ≥ 1");
        }
        return value;
    }

    public string? QueryEnum(string name, IReadOnlyList<string> allowed)
    {
        var text = Query(name);
        if (text is null)
        {
            return null;
        }
        if (!allowed.Contains(text, StringComparer.Ordinal))
        {
            throw ApiException.Validation(name, $"{name} must be one of: {string.Join(", ", allowed)}");
        }
        return text;
    }
}
