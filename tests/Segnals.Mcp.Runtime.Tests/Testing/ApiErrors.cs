using Segnals.Mcp.Runtime.Http;

namespace Segnals.Mcp.Runtime.Tests.Testing;

/// <summary>Catches the API error a call must throw and checks, every time, that it does not carry the key.</summary>
internal static class ApiErrors
{
    public static async Task<ApiCallException> CaptureAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<ApiCallException>(call);
        AssertCarriesNoKey(error);
        return error;
    }

    public static void AssertCarriesNoKey(ApiCallException error)
    {
        foreach (var text in new[] { error.Message, error.ToString(), error.RequiredScope, error.Field })
        {
            if (text is not null && text.Contains(TestKeys.SecretPart, StringComparison.Ordinal))
            {
                Assert.Fail($"An error of kind {error.Kind} carries the API key.");
            }
        }
    }
}
