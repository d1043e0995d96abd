using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Segnals.Mcp.HttpServer.Tests.Infrastructure;
using Xunit;

namespace Segnals.Mcp.HttpServer.Tests;

/// <summary>
/// The web-facing rules, each with its status code: Host and Origin allow-lists (DNS rebinding, pages in the
/// user's browser), CORS only for allowed origins, and the Streamable HTTP request rules.
/// </summary>
public sealed class WebSafetyTests(SandboxedServer hosted) : IClassFixture<SandboxedServer>
{
    [Theory]
    [InlineData("evil.example")]
    [InlineData("127.0.0.1.nip.io")]
    [InlineData("localhost.evil.example")]
    public async Task A_host_name_not_on_the_allow_list_is_refused_with_403(string host)
    {
        var (status, _, body) = await RawMcp.PostAsync(hosted.Server.Mcp, hosted.DemoKey, change: request => request.Headers.Host = host);

        Assert.Equal(403, status);
        Assert.Contains("SEGNALS_MCP_ALLOWED_HOSTS", body);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task Loopback_host_names_are_served_by_default(string host)
    {
        var (status, _, body) = await RawMcp.PostAsync(hosted.Server.Mcp, hosted.DemoKey, change: request => request.Headers.Host = $"{host}:{hosted.Server.BaseAddress.Port}");

        Assert.Equal(200, status);
        Assert.Contains("segnals_whoami", body);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("null")]
    [InlineData("http://localhost.evil.example")]
    public async Task A_web_origin_not_on_the_allow_list_is_refused_with_403_and_gets_no_cors_answer(string origin)
    {
        var (status, response, _) = await RawMcp.PostAsync(hosted.Server.Mcp, hosted.DemoKey, change: request => request.Headers.Add("Origin", origin));
        Assert.Equal(403, status);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));

        var (preflightStatus, preflight, _) = await RawMcp.SendAsync(Preflight(hosted.Server.Mcp, origin));
        Assert.Equal(403, preflightStatus);
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task An_allowed_origin_gets_cors_answers_exposing_the_headers_mcp_clients_read()
    {
        const string origin = "http://localhost:6274";

        var (preflightStatus, preflight, _) = await RawMcp.SendAsync(Preflight(hosted.Server.Mcp, origin));
        Assert.Equal(204, preflightStatus);
        Assert.Equal(origin, preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", preflight.Headers.GetValues("Access-Control-Allow-Methods").Single());
        var allowed = preflight.Headers.GetValues("Access-Control-Allow-Headers").Single();
        Assert.Contains("authorization", allowed);
        Assert.Contains("mcp-protocol-version", allowed);

        // A refusal is readable by the page too: its WWW-Authenticate is what starts a client's sign-in.
        var (status, response, _) = await RawMcp.PostAsync(hosted.Server.Mcp, key: null, change: request => request.Headers.Add("Origin", origin));
        Assert.Equal(401, status);
        Assert.Equal(origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var exposed = response.Headers.GetValues("Access-Control-Expose-Headers").Single();
        Assert.Contains("WWW-Authenticate", exposed);
        Assert.Contains("MCP-Protocol-Version", exposed);
        Assert.Contains("Mcp-Session-Id", exposed);
    }

    [Fact]
    public async Task Configured_public_names_are_served_and_loopback_names_then_are_not()
    {
        await using var server = await HostedProcess.StartAsync(new Dictionary<string, string?>
        {
            ["SEGNALS_API_BASE"] = hosted.Sandbox.BaseAddress.ToString(),
            ["SEGNALS_MCP_ALLOWED_HOSTS"] = "mcp.example.test,*.tenants.example.test",
            ["SEGNALS_MCP_ALLOWED_ORIGINS"] = "https://chat.example.test",
        });

        Assert.Equal(200, (await RawMcp.PostAsync(server.Mcp, hosted.DemoKey, change: request => request.Headers.Host = "mcp.example.test")).Status);
        Assert.Equal(200, (await RawMcp.PostAsync(server.Mcp, hosted.DemoKey, change: request => request.Headers.Host = "acme.tenants.example.test")).Status);
        Assert.Equal(403, (await RawMcp.PostAsync(server.Mcp, hosted.DemoKey)).Status);
        Assert.Equal(200, (await RawMcp.PostAsync(server.Mcp, hosted.DemoKey, change: request =>
        {
            request.Headers.Host = "mcp.example.test";
            request.Headers.Add("Origin", "https://chat.example.test");
        })).Status);
        Assert.Equal(403, (await RawMcp.PostAsync(server.Mcp, hosted.DemoKey, change: request =>
        {
            request.Headers.Host = "mcp.example.test";
            request.Headers.Add("Origin", "http://localhost:6274");
        })).Status);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_refused_with_413_whether_its_length_is_declared_or_chunked()
    {
        var big = """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"pad":""" + "\"" + new string('a', 1 << 20) + "\"}}";

        // Declared: refused before the body is sent (the client waits for 100 Continue, which never comes).
        var declared = await RawMcp.PostAsync(hosted.Server.Mcp, hosted.DemoKey, big, request => request.Headers.ExpectContinue = true);
        Assert.Equal(413, declared.Status);
        Assert.Contains("1 MiB", declared.Body);

        // Chunked: refused once the limit is crossed.
        Assert.Equal(413, await RawMcp.PostChunkedAsync(hosted.Server.Mcp, hosted.DemoKey, Encoding.UTF8.GetBytes(big)));

        // Just under the limit is served.
        var fits = """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"pad":""" + "\"" + new string('a', (1 << 20) - 200) + "\"}}}";
        Assert.Equal(200, (await RawMcp.PostAsync(hosted.Server.Mcp, hosted.DemoKey, fits)).Status);
    }

    [Fact]
    public async Task A_client_that_does_not_accept_both_json_and_event_streams_gets_406()
    {
        var (status, _, body) = await RawMcp.PostAsync(hosted.Server.Mcp, hosted.DemoKey, change: request =>
        {
            request.Headers.Accept.Clear();
            request.Headers.Accept.ParseAdd("text/html");
        });

        Assert.Equal(406, status);
        AssertJsonRpcError(body);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_json_gets_415(string contentType)
    {
        var (status, _, _) = await RawMcp.PostAsync(hosted.Server.Mcp, hosted.DemoKey, change: request =>
            request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType));

        Assert.Equal(415, status);
    }

    [Theory]
    [InlineData("{\"jsonrpc\":")]
    [InlineData("not json")]
    [InlineData("[]")]
    public async Task Malformed_json_gets_400_with_a_json_rpc_error(string body)
    {
        var (status, _, answer) = await RawMcp.PostAsync(hosted.Server.Mcp, hosted.DemoKey, body);

        Assert.Equal(400, status);
        var error = AssertJsonRpcError(answer);
        Assert.Equal(-32600, error.GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task Get_and_delete_on_the_mcp_paths_get_405_in_stateless_mode(string method)
    {
        foreach (var endpoint in new[] { hosted.Server.Mcp, hosted.Server.ReadOnly })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), endpoint);
            request.Headers.Accept.ParseAdd("text/event-stream");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", hosted.DemoKey);

            var (status, response, _) = await RawMcp.SendAsync(request);

            Assert.Equal(405, status);
            Assert.Contains("POST", response.Content.Headers.Allow);
        }
    }

    [Theory]
    [InlineData("1999-01-01")]
    [InlineData("latest")]
    public async Task An_unsupported_mcp_protocol_version_header_gets_400(string version)
    {
        var (status, _, body) = await RawMcp.PostAsync(hosted.Server.Mcp, hosted.DemoKey, change: request => request.Headers.Add("MCP-Protocol-Version", version));

        Assert.Equal(400, status);
        AssertJsonRpcError(body);
    }

    private static HttpRequestMessage Preflight(Uri endpoint, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, endpoint);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type, mcp-protocol-version");
        return request;
    }

    private static JsonElement AssertJsonRpcError(string body)
    {
        var message = JsonDocument.Parse(body).RootElement;
        Assert.Equal("2.0", message.GetProperty("jsonrpc").GetString());
        var error = message.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        return error.Clone();
    }
}
