using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using OpenIddict.Server.AspNetCore;

namespace Segnals.Sandbox.Authorization;

/// <summary>
/// An OAuth error from a passthrough endpoint, handed back to OpenIddict to answer in the protocol's own shape:
/// a redirect to the client with error and error_description (authorization endpoint) or a 400 JSON body
/// (token endpoint).
/// </summary>
internal static class Refusal
{
    public static IResult Of(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
