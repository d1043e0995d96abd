using System.Text.Json;
using System.Text.Json.Nodes;
using Segnals.Sandbox.Accounts;
using Segnals.Sandbox.Http;
using Segnals.Sandbox.Trading;

namespace Segnals.Sandbox.Endpoints;

/// <summary>Copy trading: which exchanges mirror this account's trades to followers. Control is VIP only.</summary>
internal static class CopyTradingEndpoints
{
    private static readonly IReadOnlyList<string> Actions = ["start", "stop"];
    private static readonly IReadOnlyList<string> Exchanges = ["bybit", "phemex"];

    public static ApiResult Get(ApiRequest request)
    {
        var user = Users.Get(request.Db, request.UserId);
        var (enabled, followers) = Load(request);
        return ApiResult.Ok((user, enabled, followers), static (w, s) =>
        {
            w.WriteStartArray("enabled_exchanges");
            foreach (var exchange in s.enabled)
            {
                w.WriteStringValue(exchange);
            }
            w.WriteEndArray();
            w.WriteRaw("followers", s.followers);
            w.WriteString("status", s.enabled.Count > 0 ? "active" : "inactive");
            w.WriteBoolean("available", s.user.IsVip);
            if (!s.user.IsVip)
            {
                w.WriteString("note", "Copy trading needs the VIP plan.");
            }
        });
    }

    public static ApiResult Control(ApiRequest request)
    {
        var db = request.Db;
        var user = Users.Get(db, request.UserId);
        if (!user.IsVip)
        {
            throw ApiException.Forbidden($"Copy trading needs the VIP plan; this account is on {Tiers.PlanName(user.Tier)}.");
        }
        var body = request.Body;
        body.AllowOnly("action", "exchange");
        var action = body.RequiredEnum("action", Actions);
        var exchange = body.RequiredEnum("exchange", Exchanges);
        var (enabled, _) = Load(request);
        if (action == "start")
        {
            if (enabled.Contains(exchange))
            {
                throw ApiException.Conflict($"Copy trading is already active on {BotLifecycle.ExchangeName(exchange)}");
            }
            if (!user.IsConnected(exchange))
            {
                throw ApiException.Conflict($"Connect {BotLifecycle.ExchangeName(exchange)} to this account before starting copy trading on it");
            }
            enabled.Add(exchange);
        }
        else if (!enabled.Remove(exchange))
        {
            throw ApiException.Conflict($"Copy trading is not active on {BotLifecycle.ExchangeName(exchange)}");
        }
        var list = new JsonArray();
        foreach (var e in enabled.Order(StringComparer.Ordinal))
        {
            list.Add((JsonNode)e);
        }
        db.Execute(
            "INSERT INTO copy_trading (user_id, enabled_exchanges, followers, updated_at) VALUES ($1, $2, '[]', $3) ON CONFLICT(user_id) DO UPDATE SET enabled_exchanges = $2, updated_at = $3",
            user.Id, list.ToJson(), request.NowMs);
        var status = enabled.Count > 0 ? "active" : "inactive";
        var message = action == "start"
            ? $"Copy trading started on {BotLifecycle.ExchangeName(exchange)}"
            : $"Copy trading stopped on {BotLifecycle.ExchangeName(exchange)}";
        return ApiResult.Ok((status, message), static (w, s) =>
        {
            w.WriteString("status", s.status);
            w.WriteString("msg", s.message);
        });
    }

    private static (List<string> Enabled, string Followers) Load(ApiRequest request)
    {
        using var r = request.Db.Query("SELECT enabled_exchanges, followers FROM copy_trading WHERE user_id = $1", request.UserId);
        if (!r.Read())
        {
            return ([], "[]");
        }
        using var document = JsonDocument.Parse(r.GetString(0));
        var enabled = document.RootElement.EnumerateArray().Select(e => e.GetString()!).ToList();
        return (enabled, r.GetString(1));
    }
}
