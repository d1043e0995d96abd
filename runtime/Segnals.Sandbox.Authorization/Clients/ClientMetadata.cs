using System.Text.Json;

namespace Segnals.Sandbox.Authorization.Clients;

/// <summary>
/// The client metadata fields (RFC 7591 §2) that a dynamic registration request and a Client ID Metadata Document
/// share, read and checked once for both. A public client only: a secret-based auth method is answered with
/// "none" in a registration response (RFC 7591 §3.2.1 lets the server replace what it will not honour), and
/// refused in a metadata document, which can never carry a secret.
/// </summary>
internal sealed record ClientMetadata(string? ClientName, IReadOnlyList<Uri> RedirectUris, bool MayRefresh, string RequestedAuthMethod)
{
    private static readonly string[] KnownGrantTypes = ["authorization_code", "refresh_token"];

    /// <summary>Reads the fields, or says what is wrong with them as (error code, description).</summary>
    public static (ClientMetadata? Metadata, string? Error, string? Description) Read(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            return Invalid("the client metadata must be a JSON object");
        }
        if (!document.TryGetProperty("redirect_uris", out var uris) || uris.ValueKind != JsonValueKind.Array || uris.GetArrayLength() == 0)
        {
            return (null, "invalid_redirect_uri", "redirect_uris is required: a non-empty array of URIs");
        }
        if (uris.GetArrayLength() > Clients.RedirectUris.MaxPerClient)
        {
            return (null, "invalid_redirect_uri", $"at most {Clients.RedirectUris.MaxPerClient} redirect_uris");
        }
        var redirects = new List<Uri>();
        foreach (var element in uris.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                return (null, "invalid_redirect_uri", "every redirect_uris entry must be a string");
            }
            var text = element.GetString()!;
            if (Clients.RedirectUris.Problem(text) is { } problem)
            {
                return (null, "invalid_redirect_uri", problem);
            }
            redirects.Add(new Uri(text));
        }

        string? name = null;
        if (document.TryGetProperty("client_name", out var nameElement))
        {
            if (nameElement.ValueKind != JsonValueKind.String || nameElement.GetString()!.Trim() is not { Length: > 0 and <= 100 } trimmed)
            {
                return Invalid("client_name must be a string of 1 to 100 characters");
            }
            name = trimmed;
        }

        var grants = new List<string> { "authorization_code" };
        if (document.TryGetProperty("grant_types", out var grantElement))
        {
            if (grantElement.ValueKind != JsonValueKind.Array || grantElement.EnumerateArray().Any(g => g.ValueKind != JsonValueKind.String))
            {
                return Invalid("grant_types must be an array of strings");
            }
            grants = grantElement.EnumerateArray().Select(g => g.GetString()!).ToList();
            if (grants.FirstOrDefault(g => !KnownGrantTypes.Contains(g, StringComparer.Ordinal)) is { } unknown)
            {
                return Invalid($"grant type '{unknown}' is not offered to public clients; use authorization_code and refresh_token");
            }
            if (!grants.Contains("authorization_code", StringComparer.Ordinal))
            {
                return Invalid("grant_types must include authorization_code");
            }
        }

        if (document.TryGetProperty("response_types", out var responseTypes) &&
            (responseTypes.ValueKind != JsonValueKind.Array || responseTypes.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String || r.GetString() != "code")))
        {
            return Invalid("response_types may only be [\"code\"]");
        }

        var authMethod = "none";
        if (document.TryGetProperty("token_endpoint_auth_method", out var method))
        {
            if (method.ValueKind != JsonValueKind.String)
            {
                return Invalid("token_endpoint_auth_method must be a string");
            }
            authMethod = method.GetString()!;
        }
        return (new ClientMetadata(name, redirects, grants.Contains("refresh_token", StringComparer.Ordinal), authMethod), null, null);
    }

    private static (ClientMetadata?, string?, string?) Invalid(string description) => (null, "invalid_client_metadata", description);
}
