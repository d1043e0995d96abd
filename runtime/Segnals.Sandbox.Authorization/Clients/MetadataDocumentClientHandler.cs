using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Segnals.Sandbox.Authorization.Clients;

/// <summary>
/// Runs before OpenIddict looks the client up on an authorization request: when the client_id is a metadata
/// document URL, the document is fetched (or taken from the cache) and the client is registered or updated from it,
/// so everything after (redirect URI match, PKCE, the code, the token) works as for any registered client.
/// </summary>
internal sealed class MetadataDocumentClientHandler(ClientMetadataDocuments documents, ClientRegistrations registrations)
    : IOpenIddictServerHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.ValidateAuthorizationRequestContext>()
            .UseScopedHandler<MetadataDocumentClientHandler>()
            .SetOrder(int.MinValue + 50_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(OpenIddictServerEvents.ValidateAuthorizationRequestContext context)
    {
        var clientId = context.ClientId;
        if (string.IsNullOrEmpty(clientId) || !ClientMetadataDocuments.LooksLikeDocumentUrl(clientId))
        {
            return;
        }
        var (metadata, problem) = await documents.GetAsync(clientId, context.CancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            context.Reject(Errors.InvalidClient, "The client_id is a client metadata document URL, but " + problem + ".");
            return;
        }
        await registrations.CreateOrUpdateAsync(
            new PublicClient(clientId, metadata.ClientName, metadata.RedirectUris, metadata.MayRefresh, RegistrationKind.MetadataDocument),
            context.CancellationToken).ConfigureAwait(false);
    }
}
