using System.Security.Cryptography;
using System.Text.Json;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Segnals.Sandbox.Authorization.Clients;

/// <summary>How a client came to be registered.</summary>
internal enum RegistrationKind
{
    /// <summary>RFC 7591 dynamic registration: the server picked the client_id.</summary>
    Dynamic,

    /// <summary>A Client ID Metadata Document: the client_id is the document's URL.</summary>
    MetadataDocument,
}

/// <summary>What a public client registers: its name, where it may be sent back to, whether it may refresh.</summary>
internal sealed record PublicClient(string ClientId, string? Name, IReadOnlyList<Uri> RedirectUris, bool MayRefresh, RegistrationKind Kind);

/// <summary>
/// Creates the OpenIddict applications behind registrations. Public clients (the MCP clients) use the authorization
/// code flow with PKCE and no secret. A resource server (the hosted MCP server) is confidential: it may introspect and
/// exchange the tokens minted for the resources it serves, and nothing else.
/// </summary>
internal sealed class ClientRegistrations(IOpenIddictApplicationManager applications)
{
    /// <summary>Application property: the resources (URLs) a resource-server client serves.</summary>
    public const string ServedResourcesProperty = "segnals_served_resources";

    /// <summary>Application property: how a public client was registered.</summary>
    public const string RegistrationProperty = "segnals_registration";

    public async Task CreateOrUpdateAsync(PublicClient client, CancellationToken ct)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientType = ClientTypes.Public,
            ApplicationType = RedirectUris.AllNative(client.RedirectUris) ? ApplicationTypes.Native : ApplicationTypes.Web,
            ConsentType = ConsentTypes.Explicit,
            DisplayName = client.Name,
        };
        foreach (var uri in RedirectUris.ForMatching(client.RedirectUris))
        {
            descriptor.RedirectUris.Add(uri);
        }
        descriptor.Permissions.UnionWith(
        [
            Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
        ]);
        if (client.MayRefresh)
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.RefreshToken);
        }
        descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        descriptor.Properties[RegistrationProperty] = JsonSerializer.SerializeToElement(client.Kind.ToString());

        if (await applications.FindByClientIdAsync(client.ClientId, ct).ConfigureAwait(false) is { } existing)
        {
            await applications.UpdateAsync(existing, descriptor, ct).ConfigureAwait(false);
        }
        else
        {
            await applications.CreateAsync(descriptor, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Registers (or re-keys) a confidential resource-server client and returns its new secret, shown once.</summary>
    public async Task<string> CreateResourceServerAsync(string clientId, IReadOnlyList<Uri> servedResources, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        if (servedResources.Count == 0)
        {
            throw new ArgumentException("A resource server serves at least one resource.", nameof(servedResources));
        }
        var secret = "rs_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = "Resource server " + clientId,
        };
        descriptor.Permissions.UnionWith(
        [
            Permissions.Endpoints.Token, Permissions.Endpoints.Introspection, Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.TokenExchange, Permissions.GrantTypes.ClientCredentials,
        ]);
        descriptor.Properties[ServedResourcesProperty] = JsonSerializer.SerializeToElement(servedResources.Select(r => r.AbsoluteUri).ToArray());
        if (await applications.FindByClientIdAsync(clientId, ct).ConfigureAwait(false) is { } existing)
        {
            if (await ServedResourcesAsync(existing, ct).ConfigureAwait(false) is null)
            {
                throw new InvalidOperationException($"Client '{clientId}' exists and is not a resource server.");
            }
            await applications.UpdateAsync(existing, descriptor, ct).ConfigureAwait(false);
        }
        else
        {
            await applications.CreateAsync(descriptor, ct).ConfigureAwait(false);
        }
        return secret;
    }

    /// <summary>The resources a client serves when it is a resource server; null for any other client.</summary>
    public async Task<IReadOnlySet<string>?> ServedResourcesAsync(object application, CancellationToken ct)
    {
        var properties = await applications.GetPropertiesAsync(application, ct).ConfigureAwait(false);
        if (!properties.TryGetValue(ServedResourcesProperty, out var served) || served.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        return served.EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    public async Task<IReadOnlySet<string>?> ServedResourcesAsync(string? clientId, CancellationToken ct) =>
        string.IsNullOrEmpty(clientId) || await applications.FindByClientIdAsync(clientId, ct).ConfigureAwait(false) is not { } application
            ? null
            : await ServedResourcesAsync(application, ct).ConfigureAwait(false);
}
