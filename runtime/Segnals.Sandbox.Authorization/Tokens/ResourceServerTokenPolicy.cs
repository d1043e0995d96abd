using OpenIddict.Abstractions;
using OpenIddict.Server;
using Segnals.Sandbox.Authorization.Clients;
using static OpenIddict.Abstractions.OpenIddictConstants;
using BuiltIn = OpenIddict.Server.OpenIddictServerHandlers;

namespace Segnals.Sandbox.Authorization.Tokens;

/// <summary>
/// Who may use a user's access token besides the client it was issued to. OpenIddict's rule is "the token's
/// audience or presenter", where audiences are client ids; here audiences are resource URLs (RFC 8707), so a
/// resource server client is allowed for the tokens whose audience is one of the resources it serves: it may
/// introspect them, and it alone may exchange them. Each handler takes the place of OpenIddict's own and hands
/// every other case back to it unchanged.
/// </summary>
internal static class ResourceServerTokenPolicy
{
    public static bool IsForServedResource(System.Security.Claims.ClaimsPrincipal? token, IReadOnlySet<string>? served) =>
        token is not null && served is not null && token.HasTokenType(TokenTypeIdentifiers.AccessToken) && token.GetAudiences().Any(served.Contains);

    /// <summary>Token exchange: only a resource server, and only for a token minted for a resource it serves.</summary>
    internal sealed class Exchange(ClientRegistrations registrations) : IOpenIddictServerHandler<OpenIddictServerEvents.ValidateTokenRequestContext>
    {
        private static readonly BuiltIn.Exchange.ValidateAuthorizedParty Original = new();

        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.ValidateTokenRequestContext>()
                .UseScopedHandler<Exchange>()
                .SetOrder(BuiltIn.Exchange.ValidateAuthorizedParty.Descriptor.Order)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(OpenIddictServerEvents.ValidateTokenRequestContext context)
        {
            if (!context.Request.IsTokenExchangeGrantType())
            {
                await Original.HandleAsync(context).ConfigureAwait(false);
                return;
            }
            var served = await registrations.ServedResourcesAsync(context.ClientId, context.CancellationToken).ConfigureAwait(false);
            if (served is null)
            {
                context.Reject(Errors.UnauthorizedClient, "Only a registered resource server may exchange tokens.");
                return;
            }
            if (!IsForServedResource(context.SubjectTokenPrincipal, served))
            {
                context.Reject(Errors.InvalidGrant, "The subject token was not issued for a resource this client serves.");
            }
        }
    }

    /// <summary>Introspection: a resource server may read the tokens minted for the resources it serves.</summary>
    internal sealed class Introspection(ClientRegistrations registrations) : IOpenIddictServerHandler<OpenIddictServerEvents.ValidateIntrospectionRequestContext>
    {
        private static readonly BuiltIn.Introspection.ValidateAuthorizedParty Original = new();

        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.ValidateIntrospectionRequestContext>()
                .UseScopedHandler<Introspection>()
                .SetOrder(BuiltIn.Introspection.ValidateAuthorizedParty.Descriptor.Order)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(OpenIddictServerEvents.ValidateIntrospectionRequestContext context)
        {
            var served = await registrations.ServedResourcesAsync(context.ClientId, context.CancellationToken).ConfigureAwait(false);
            if (IsForServedResource(context.GenericTokenPrincipal, served))
            {
                return;
            }
            await Original.HandleAsync(context).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Introspection answer: OpenIddict reveals scope and user name only to a client in the token's audience; a
    /// resource server serving the token's resource needs them as much (it enforces the scopes).
    /// </summary>
    internal sealed class IntrospectionClaims(ClientRegistrations registrations) : IOpenIddictServerHandler<OpenIddictServerEvents.HandleIntrospectionRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.HandleIntrospectionRequestContext>()
                .UseScopedHandler<IntrospectionClaims>()
                .SetOrder(BuiltIn.Introspection.AttachApplicationClaims.Descriptor.Order + 1)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(OpenIddictServerEvents.HandleIntrospectionRequestContext context)
        {
            var served = await registrations.ServedResourcesAsync(context.Request.ClientId, context.CancellationToken).ConfigureAwait(false);
            if (!IsForServedResource(context.GenericTokenPrincipal, served))
            {
                return;
            }
            context.Username = context.GenericTokenPrincipal!.GetClaim(Claims.Name);
            context.Scopes.UnionWith(context.GenericTokenPrincipal.GetScopes());
        }
    }
}
