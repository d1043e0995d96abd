using OpenIddict.Abstractions;
using OpenIddict.Server;
using BuiltIn = OpenIddict.Server.OpenIddictServerHandlers;

namespace Segnals.Sandbox.Authorization.Tokens;

/// <summary>
/// Revoking a token at the revocation endpoint (RFC 7009) revokes the whole grant it belongs to: the grant itself,
/// every access and refresh token issued from it, and the API keys delegated from it by token exchange. A user who
/// disconnects a client expects all of its access to stop, not only the one token the client happened to send.
/// </summary>
internal sealed class GrantRevocation(IOpenIddictAuthorizationManager authorizations, IOpenIddictTokenManager tokens, DelegatedKeys delegatedKeys)
    : IOpenIddictServerHandler<OpenIddictServerEvents.HandleRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.HandleRevocationRequestContext>()
            .UseScopedHandler<GrantRevocation>()
            .SetOrder(BuiltIn.Revocation.RevokeToken.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(OpenIddictServerEvents.HandleRevocationRequestContext context)
    {
        if (context.IsRejected || context.GenericTokenPrincipal?.GetAuthorizationId() is not { } authorizationId)
        {
            return;
        }
        var ct = context.CancellationToken;
        if (await authorizations.FindByIdAsync(authorizationId, ct).ConfigureAwait(false) is { } authorization)
        {
            await authorizations.TryRevokeAsync(authorization, ct).ConfigureAwait(false);
        }
        await tokens.RevokeByAuthorizationIdAsync(authorizationId, ct).ConfigureAwait(false);
        await delegatedKeys.RevokeForGrantAsync(authorizationId, ct).ConfigureAwait(false);
    }
}
