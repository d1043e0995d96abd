namespace Segnals.Mcp.Runtime.Http.Handlers;

/// <summary>
/// Refuses, before anything is sent or counted, a request under a banned path (fund-moving, administrative)
/// or one that would leave the API base. The catalog is checked for this at build time (CAT013); this is the
/// second lock, for whatever a path value or a future code path might produce.
/// </summary>
internal sealed class BannedPathHandler(ApiAddress address, BannedPathGuard guard, ApiErrorTranslator errors) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var relative = request.RequestUri is { } uri ? address.RelativePathAndQuery(uri) : null;
        var bannedPrefix = relative is { } paths
            ? guard.FindBannedPrefix(paths.Written) ?? (paths.Sent == paths.Written ? null : guard.FindBannedPrefix(paths.Sent))
            : "/..";
        if (bannedPrefix is not null)
        {
            throw errors.BannedPath(bannedPrefix);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
