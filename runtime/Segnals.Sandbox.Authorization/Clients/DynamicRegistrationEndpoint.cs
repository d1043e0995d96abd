using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Segnals.Sandbox.Authorization.Clients;

/// <summary>
/// RFC 7591 dynamic client registration, for MCP clients older than Client ID Metadata Documents. Anyone on the
/// loopback may register a public client; what it can then do is bounded by the sign-in and consent of a user.
/// </summary>
internal static class DynamicRegistrationEndpoint
{
    public const string Path = "/oauth/register";
    private const int MaxBodyBytes = 64 * 1024;

    public static async Task<IResult> RegisterAsync(HttpContext http, ClientRegistrations registrations, TimeProvider time)
    {
        if (http.Request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Error("invalid_client_metadata", "send the client metadata as application/json");
        }
        if (http.Request.ContentLength is > MaxBodyBytes)
        {
            return Error("invalid_client_metadata", $"the client metadata is larger than {MaxBodyBytes / 1024} KiB");
        }
        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Error("invalid_client_metadata", "the body is not valid JSON");
        }

        var (metadata, error, description) = ClientMetadata.Read(body);
        if (metadata is null)
        {
            return Error(error!, description!);
        }
        var clientId = "dcr_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await registrations.CreateOrUpdateAsync(new PublicClient(clientId, metadata.ClientName, metadata.RedirectUris, metadata.MayRefresh, RegistrationKind.Dynamic), http.RequestAborted).ConfigureAwait(false);

        var response = new JsonObject
        {
            ["client_id"] = clientId,
            ["client_id_issued_at"] = time.GetUtcNow().ToUnixTimeSeconds(),
            ["redirect_uris"] = new JsonArray([.. metadata.RedirectUris.Select(u => JsonValue.Create(u.OriginalString))]),
            ["grant_types"] = metadata.MayRefresh ? new JsonArray("authorization_code", "refresh_token") : new JsonArray("authorization_code"),
            ["response_types"] = new JsonArray("code"),
            // Public clients only: whatever method was asked for, the client authenticates with PKCE and no secret.
            ["token_endpoint_auth_method"] = "none",
        };
        if (metadata.ClientName is not null)
        {
            response["client_name"] = metadata.ClientName;
        }
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(response, statusCode: StatusCodes.Status201Created);
    }

    private static IResult Error(string error, string description) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: StatusCodes.Status400BadRequest);
}
