using Segnals.Sandbox.Accounts;
using Segnals.Sandbox.Http;
using Segnals.Sandbox.Trading;

namespace Segnals.Sandbox.Endpoints;

/// <summary>Who the caller is: profile, the key itself, billing, connection flags. Read-only by design:
/// the API never changes a profile, password or email, and never reveals or accepts exchange secrets.</summary>
internal static class AccountEndpoints
{
    public static ApiResult Me(ApiRequest request)
    {
        var user = Users.Get(request.Db, request.UserId);
        return ApiResult.Ok(user, static (w, u) =>
        {
            w.WriteNumber("id", u.Id);
            w.WriteString("username", u.Username);
            w.WriteString("email", u.Email);
            w.WriteString("tier", u.Tier);
            w.WriteBoolean("is_admin", false);
            w.WriteBoolean("is_frozen", false);
            w.WriteTime("subscription_ends_at", u.SubscriptionEndsAt);
            w.WriteTime("trial_expires_at", u.TrialExpiresAt);
            w.WriteString("language", u.Language);
            w.WriteBoolean("has_completed_onboarding", true);
            w.WriteBoolean("sandbox", true);
        });
    }

    public static ApiResult KeySelf(ApiRequest request) => ApiResult.Ok(request.Caller, static (w, c) =>
    {
        w.WriteNumber("key_id", c.KeyId);
        w.WriteString("label", c.Label);
        w.WriteString("prefix", c.Prefix);
        w.WriteStartArray("scopes");
        foreach (var scope in c.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            w.WriteStringValue(scope);
        }
        w.WriteEndArray();
        w.WriteTime("created_at", c.CreatedAt);
        w.WriteTime("expires_at", c.ExpiresAt);
        w.WriteNumber("rate_limit_per_minute", c.RateLimitPerMinute);
    });

    public static ApiResult Billing(ApiRequest request)
    {
        var db = request.Db;
        var user = Users.Get(db, request.UserId);
        var botsUsed = Bots.CountForUser(db, request.UserId);
        var payments = new List<(long At, double Amount, string Status)>();
        using (var r = db.Query("SELECT at, amount_usd, status FROM payments WHERE user_id = $1 ORDER BY at DESC LIMIT 24", request.UserId))
        {
            while (r.Read())
            {
                payments.Add((r.GetInt64(0), r.GetDouble(1), r.GetString(2)));
            }
        }
        return ApiResult.Ok((user, botsUsed, payments), static (w, s) =>
        {
            var (u, used, list) = s;
            w.WriteString("plan", Tiers.PlanName(u.Tier));
            w.WriteString("tier", u.Tier);
            w.WriteString("status", u.Tier == Tiers.Free ? "free" : "active");
            w.WriteTime("renews_at", u.SubscriptionEndsAt);
            w.WriteNullableNumber("bot_limit", Tiers.BotLimit(u.Tier));
            w.WriteNumber("bots_used", used);
            w.WriteStartArray("payments");
            foreach (var p in list)
            {
                w.WriteStartObject();
                w.WriteString("date", JsonWriting.Date(p.At));
                w.WriteMoney("amount_usd", p.Amount);
                w.WriteString("status", p.Status);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("note", "Sandbox billing: simulated, no real payments.");
        });
    }

    public static ApiResult Connections(ApiRequest request)
    {
        var user = Users.Get(request.Db, request.UserId);
        return ApiResult.Ok(user, static (w, u) =>
        {
            w.WriteStartObject("connections");
            w.WriteBoolean("mt5", u.Mt5);
            w.WriteBoolean("bybit", u.Bybit);
            w.WriteBoolean("phemex", u.Phemex);
            w.WriteBoolean("telegram", u.Telegram);
            w.WriteEndObject();
        });
    }
}
