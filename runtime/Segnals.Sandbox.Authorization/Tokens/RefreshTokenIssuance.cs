using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using BuiltIn = OpenIddict.Server.OpenIddictServerHandlers;

namespace Segnals.Sandbox.Authorization.Tokens;

/// <summary>
/// Issues a refresh token with every code or refresh grant to a client registered for the refresh_token grant.
/// OpenIddict's default ties refresh tokens to the OpenID Connect "offline_access" scope, which MCP clients never
/// ask for: they request the API scopes the resource's metadata lists, and register refresh_token as a grant type.
/// </summary>
internal sealed class RefreshTokenIssuance(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<OpenIddictServerEvents.ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.ProcessSignInContext>()
            .UseScopedHandler<RefreshTokenIssuance>()
            .SetOrder(BuiltIn.EvaluateGeneratedTokens.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(OpenIddictServerEvents.ProcessSignInContext context)
    {
        if (context.EndpointType != OpenIddictServerEndpointType.Token ||
            !(context.Request.IsAuthorizationCodeGrantType() || context.Request.IsRefreshTokenGrantType()) ||
            string.IsNullOrEmpty(context.ClientId) ||
            await applications.FindByClientIdAsync(context.ClientId, context.CancellationToken).ConfigureAwait(false) is not { } application ||
            !await applications.HasPermissionAsync(application, Permissions.GrantTypes.RefreshToken, context.CancellationToken).ConfigureAwait(false))
        {
            return;
        }
        context.GenerateRefreshToken = true;
        context.IncludeRefreshToken = true;
    }
}
