using Segnals.Sandbox.Accounts;
using Segnals.Sandbox.Http;

namespace Segnals.Sandbox.Endpoints;

/// <summary>Notification preferences: read, and deep-merge an update (unknown keys at any depth are refused).</summary>
internal static class NotificationEndpoints
{
    public static ApiResult Get(ApiRequest request)
    {
        var user = Users.Get(request.Db, request.UserId);
        return ApiResult.Ok(user.NotificationPrefs, static (w, json) => w.WriteRaw("preferences", json));
    }

    public static ApiResult Set(ApiRequest request)
    {
        var body = request.Body;
        body.AllowOnly("preferences");
        var patch = body.RequiredObject("preferences");
        var user = Users.Get(request.Db, request.UserId);
        var merged = NotificationPreferences.Merge(user.NotificationPrefs, patch).ToJson();
        request.Db.Execute("UPDATE users SET notification_prefs = $2 WHERE id = $1", user.Id, merged);
        return ApiResult.Ok(merged, static (w, json) =>
        {
            w.WriteString("msg", "Notification preferences updated");
            w.WriteRaw("preferences", json);
        });
    }
}
