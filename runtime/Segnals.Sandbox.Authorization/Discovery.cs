using OpenIddict.Server;
using Segnals.Sandbox.Authorization.Clients;

namespace Segnals.Sandbox.Authorization;

/// <summary>
/// What the RFC 8414 metadata says beyond OpenIddict's own fields: where to register dynamically (RFC 7591), that a
/// client may use its metadata document URL as client_id, and that public clients authenticate with "none".
/// </summary>
internal sealed class Discovery : IOpenIddictServerHandler<OpenIddictServerEvents.HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.HandleConfigurationRequestContext>()
            .UseSingletonHandler<Discovery>()
            .SetOrder(int.MaxValue - 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(OpenIddictServerEvents.HandleConfigurationRequestContext context)
    {
        if ((context.Issuer ?? context.Options.Issuer) is { } issuer)
        {
            context.Metadata["registration_endpoint"] = new Uri(issuer, DynamicRegistrationEndpoint.Path.TrimStart('/')).AbsoluteUri;
        }
        context.Metadata["client_id_metadata_document_supported"] = true;
        // Public clients (every registered MCP client) authenticate with "none"; listed first because a client with
        // a metadata-document client_id (no registration answer to read) may take the first method listed.
        var methods = context.TokenEndpointAuthenticationMethods.ToArray();
        context.TokenEndpointAuthenticationMethods.Clear();
        context.TokenEndpointAuthenticationMethods.Add("none");
        context.TokenEndpointAuthenticationMethods.UnionWith(methods);
        return ValueTask.CompletedTask;
    }
}
