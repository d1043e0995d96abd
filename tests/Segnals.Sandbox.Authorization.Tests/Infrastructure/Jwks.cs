using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Segnals.Sandbox.Authorization.Tests.Infrastructure;

/// <summary>Validates an access token the way a resource server would: against the JWKS fetched over HTTP.</summary>
public static class Jwks
{
    public static async Task<JsonWebKeySet> FetchAsync(HttpClient http)
    {
        var json = await http.GetStringAsync("/oauth/jwks");
        return new JsonWebKeySet(json);
    }

    public static async Task<TokenValidationResult> ValidateAsync(HttpClient http, string token, string issuer, string audience)
    {
        var keys = await FetchAsync(http);
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = audience,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidTypes = ["at+jwt"],
            ValidateLifetime = true,
        });
    }

    public static JsonWebToken Read(string token) => new(token);

    public static string[] Audiences(JsonWebToken token) => [.. token.Audiences];

    public static string Scope(JsonWebToken token) => token.GetPayloadValue<string>("scope");
}
