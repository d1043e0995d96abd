using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Segnals.Sandbox.Accounts;
using Segnals.Sandbox.Storage;

namespace Segnals.Sandbox.Http;

/// <summary>
/// Everything between Kestrel and a handler, in order: authenticate the key (401), rate-limit it (429),
/// check the endpoint's scope (403), then run the handler. A write runs inside one transaction together
/// with its idempotency record and its audit row, so a replayed Idempotency-Key returns the stored response
/// and does nothing again, and a failed write leaves no partial change.
/// </summary>
internal sealed class ApiPipeline
{
    private const int MaxIdempotencyKeyLength = 255;
    private const long IdempotencyWindowMs = 24 * 60 * 60 * 1000L;
    private readonly SandboxServices _services;

    public ApiPipeline(SandboxServices services) => _services = services;

    public RequestDelegate Bind(EndpointSpec spec) => http => HandleAsync(http, spec);

    public static Task NotFoundAsync(HttpContext http) =>
        WriteAsync(http, ApiResult.Error(404, "No such endpoint: " + http.Request.Method + " " + http.Request.Path));

    private async Task HandleAsync(HttpContext http, EndpointSpec spec)
    {
        var started = Stopwatch.GetTimestamp();
        var nowMs = _services.NowMs();
        Caller? caller = null;
        ApiResult result;
        var audited = false;
        try
        {
            caller = await AuthenticateAsync(http, nowMs).ConfigureAwait(false);
            if (!_services.RateLimiter.TryAcquire(caller.KeyId, caller.RateLimitPerMinute, nowMs, out var retryAfter))
            {
                throw new RateLimitedException(retryAfter);
            }
            if (spec.Scope is not null && !caller.Has(spec.ScopeBit))
            {
                throw new MissingScopeException(spec.Scope);
            }
            if (spec.IsWrite)
            {
                result = await ExecuteWriteAsync(http, spec, caller, nowMs).ConfigureAwait(false);
                audited = true;
            }
            else
            {
                result = await ExecuteReadAsync(http, spec, caller, nowMs).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            result = ToResult(e);
        }

        if (spec.IsWrite && !audited)
        {
            // Refused before the handler ran (401, 403, 429, bad body): still a write attempt worth recording.
            await _services.Store.WriteAsync(db =>
            {
                Audit(db, caller, http, result.Status, nowMs, IdempotencyKeyOf(http), replayed: false);
                return 0;
            }).ConfigureAwait(false);
        }

        await WriteAsync(http, result).ConfigureAwait(false);
        if (_services.Options.LogRequests)
        {
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"segnals-sandbox: {http.Request.Method} {http.Request.Path}{http.Request.QueryString} -> {result.Status}{(result.Replayed ? " (replay)" : "")} in {ms:0.0} ms")).ConfigureAwait(false);
        }
    }

    private async Task<Caller> AuthenticateAsync(HttpContext http, long nowMs)
    {
        var header = http.Request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiException(401, "Missing or malformed Authorization header: expected 'Authorization: Bearer <API key>'");
        }
        var key = value.AsSpan(7).Trim().ToString();
        if (!ApiKeys.LooksLikeKey(key))
        {
            throw new ApiException(401, "Invalid API key");
        }
        var (caller, rejection) = await _services.Store.ReadAsync(db => ApiKeys.Authenticate(db, key, nowMs)).ConfigureAwait(false);
        return rejection switch
        {
            KeyRejection.Revoked => throw new ApiException(401, "This API key has been revoked"),
            KeyRejection.Expired => throw new ApiException(401, "This API key has expired"),
            KeyRejection.None => caller!,
            _ => throw new ApiException(401, "Invalid API key"),
        };
    }

    private async Task<ApiResult> ExecuteReadAsync(HttpContext http, EndpointSpec spec, Caller caller, long nowMs)
    {
        if (spec.NeedsCatchUp && _services.NeedsCatchUp(caller.UserId, nowMs))
        {
            await _services.Store.WriteAsync(db =>
            {
                _services.Lifecycle.CatchUpUser(db, caller.UserId, nowMs);
                return 0;
            }).ConfigureAwait(false);
            _services.MarkCaughtUp(caller.UserId, nowMs);
        }
        return await _services.Store.ReadAsync(db => spec.Handler(new ApiRequest(http, caller, db, nowMs, _services, RequestBody.Empty))).ConfigureAwait(false);
    }

    private async Task<ApiResult> ExecuteWriteAsync(HttpContext http, EndpointSpec spec, Caller caller, long nowMs)
    {
        var idempotencyKey = IdempotencyKeyOf(http);
        if (idempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength })
        {
            throw ApiException.Validation("Idempotency-Key", $"Idempotency-Key must be 1 to {MaxIdempotencyKeyLength} characters");
        }
        var raw = await ReadBodyAsync(http).ConfigureAwait(false);
        var body = RequestBody.Parse(raw);
        if (body.Document is { } document)
        {
            http.Response.RegisterForDispose(document);
        }
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(raw.Span));
        var method = http.Request.Method;
        var path = http.Request.Path.Value ?? "";

        var result = await _services.Store.WriteAsync(db =>
        {
            if (idempotencyKey is not null && Replay(db, caller, idempotencyKey, method, path, bodyHash, nowMs) is { } replay)
            {
                Audit(db, caller, http, replay.Status, nowMs, idempotencyKey, replayed: true);
                return replay;
            }

            db.Execute("SAVEPOINT handler");
            ApiResult outcome;
            try
            {
                outcome = spec.Handler(new ApiRequest(http, caller, db, nowMs, _services, body));
            }
            catch (Exception e)
            {
                outcome = ToResult(e);
            }
            if (outcome.Status >= 400)
            {
                db.Execute("ROLLBACK TO handler");
            }
            db.Execute("RELEASE handler");

            if (idempotencyKey is not null && outcome.Status < 500)
            {
                db.Execute(
                    "INSERT OR REPLACE INTO idempotency (key_id, idempotency_key, method, path, body_hash, status, response, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    caller.KeyId, idempotencyKey, method, path, bodyHash, outcome.Status, outcome.Body, nowMs);
            }
            Audit(db, caller, http, outcome.Status, nowMs, idempotencyKey, replayed: false);
            return outcome;
        }).ConfigureAwait(false);

        if (result.Status < 400 && !result.Replayed)
        {
            _services.ForgetCatchUp(caller.UserId);
        }
        return result;
    }

    private static ApiResult? Replay(Db db, Caller caller, string idempotencyKey, string method, string path, string bodyHash, long nowMs)
    {
        using var reader = db.Query(
            "SELECT method, path, body_hash, status, response, created_at FROM idempotency WHERE key_id = $1 AND idempotency_key = $2",
            caller.KeyId, idempotencyKey);
        if (!reader.Read() || reader.GetInt64(5) <= nowMs - IdempotencyWindowMs)
        {
            return null;
        }
        if (reader.GetString(0) != method || reader.GetString(1) != path || reader.GetString(2) != bodyHash)
        {
            return ApiResult.Error(409, "This Idempotency-Key was already used for a different request; use a new key for a new request");
        }
        return new ApiResult((int)reader.GetInt64(3), (byte[])reader.GetValue(4)) { Replayed = true };
    }

    private static void Audit(Db db, Caller? caller, HttpContext http, int status, long nowMs, string? idempotencyKey, bool replayed) =>
        db.Execute(
            "INSERT INTO audit (key_id, user_id, method, path, status, at, idempotency_key, replayed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            caller?.KeyId, caller?.UserId, http.Request.Method, http.Request.Path.Value ?? "", status, nowMs, idempotencyKey, replayed);

    private static string? IdempotencyKeyOf(HttpContext http)
    {
        var values = http.Request.Headers["Idempotency-Key"];
        return values.Count == 0 ? null : values[0]?.Trim() ?? "";
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static ApiResult ToResult(Exception e) => e switch
    {
        ApiException api => ApiResult.Error(api.Status, api.Message, field: api.Field),
        MissingScopeException scope => ApiResult.Error(403, $"This API key lacks the '{scope.Scope}' scope; create a key with it to use this endpoint", required: scope.Scope),
        RateLimitedException limited => ApiResult.Error(429, $"Rate limit exceeded; retry in {limited.RetryAfterSeconds} s", retryAfter: limited.RetryAfterSeconds),
        BadHttpRequestException bad => ApiResult.Error(bad.StatusCode, bad.Message),
        SqliteException { SqliteErrorCode: 5 or 6 } => ApiResult.Error(503, "The sandbox database is busy; retry shortly"),
        _ => ApiResult.Error(500, "Internal sandbox error: " + e.GetType().Name),
    };

    private static async Task WriteAsync(HttpContext http, ApiResult result)
    {
        var response = http.Response;
        response.StatusCode = result.Status;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = result.Body.Length;
        if (result.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        if (result.Replayed)
        {
            response.Headers["Idempotent-Replayed"] = "true";
        }
        await response.Body.WriteAsync(result.Body).ConfigureAwait(false);
    }

    private sealed class MissingScopeException(string scope) : Exception(scope)
    {
        public string Scope { get; } = scope;
    }

    private sealed class RateLimitedException(int retryAfterSeconds) : Exception("rate limited")
    {
        public int RetryAfterSeconds { get; } = retryAfterSeconds;
    }
}
