using System.Text.Json;
using Refit;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Tests.Testing;
using Xunit;

namespace Segnals.Mcp.Runtime.Tests.Http;

/// <summary>
/// The settings the catalog's Refit client runs with. The Native AOT build compiles Refit's default serializer's
/// answer reading as "throw" (runtime/Segnals.Mcp.Server/NativeAot): these facts are what make that safe.
/// </summary>
public sealed class ApiRefitSettingsTests
{
    [Fact]
    public void Refit_holds_our_serializer_never_its_default_one()
    {
        var settings = ApiRefitSettings.For(TestJsonContext.Default);

        Assert.IsType<ApiJsonSerializer>(settings.ContentSerializer);
        Assert.IsNotType<SystemTextJsonContentSerializer>(settings.ContentSerializer);
    }

    [Fact]
    public void Bodies_are_one_buffered_json_payload_so_a_retry_sends_the_same_bytes()
    {
        var settings = ApiRefitSettings.For(TestJsonContext.Default);
        using var document = JsonDocument.Parse("""{"exchange":"bybit","client":"mcp"}""");

        using var content = settings.ContentSerializer.ToHttpContent(document.RootElement);

        Assert.True(settings.Buffered);
        Assert.IsType<ByteArrayContent>(content);
        Assert.Equal("application/json", content.Headers.ContentType?.MediaType);
    }
}
