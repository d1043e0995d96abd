using System.Net;
using Segnals.Sandbox.Tests.Infrastructure;
using Xunit;

namespace Segnals.Sandbox.Tests;

public sealed class AuthTests
{
    [Fact]
    public async Task Valid_key_is_accepted_and_identifies_its_user()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.UserAsync("alice", ["read:bots"]);

        var me = await client.GetAsync("user/me");

        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal("alice", me.Str("username"));
        var self = await client.GetAsync("keys/self");
        Assert.Equal(["read:bots"], self["scopes"].EnumerateArray().Select(s => s.GetString()!).ToArray());
        Assert.StartsWith("sk_test_", self.Str("prefix"));
        Assert.Equal(12, self.Str("prefix")!.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer")]
    [InlineData("Basic c2tfdGVzdF94eHh4")]
    [InlineData("Bearer not-a-key")]
    [InlineData("Bearer sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Bearer sk_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Missing_malformed_or_unknown_keys_get_401_with_a_message(string? authorization)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client(null);

        var response = await client.SendAsync(HttpMethod.Get, "user/me", null, configure: request =>
        {
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }
        });

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.False(string.IsNullOrWhiteSpace(response.Str("message")));
    }

    [Fact]
    public async Task Revoked_key_gets_401_by_prefix_and_by_id()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var byPrefix = await sandbox.Host.CreateKeyAsync("alice", [], "one");
        var byId = await sandbox.Host.CreateKeyAsync("alice", [], "two");
        var first = sandbox.Client(byPrefix);
        var second = sandbox.Client(byId);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("user/me")).Status);
        var secondId = (await second.GetAsync("keys/self")).Long("key_id");

        await sandbox.Host.RevokeKeyAsync(byPrefix[..12]);
        await sandbox.Host.RevokeKeyAsync(secondId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var revoked = await first.GetAsync("user/me");
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.Status);
        Assert.Contains("revoked", revoked.Str("message"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("user/me")).Status);
        await Assert.ThrowsAsync<InvalidOperationException>(() => sandbox.Host.RevokeKeyAsync(byPrefix[..12]));
    }

    [Fact]
    public async Task Expired_key_gets_401_once_its_time_has_passed()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.UserAsync("alice", [], expiresAt: sandbox.Clock.GetUtcNow().AddHours(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("user/me")).Status);

        sandbox.Clock.Advance(TimeSpan.FromHours(2));

        var expired = await client.GetAsync("user/me");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);
        Assert.Contains("expired", expired.Str("message"));
    }

    [Fact]
    public async Task Only_the_hash_and_prefix_of_a_key_are_stored()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sandbox-auth-{Guid.NewGuid():N}.db");
        try
        {
            string key;
            await using (var sandbox = await TestSandbox.StartAsync(path))
            {
                key = await sandbox.Host.CreateKeyAsync("alice", [], "stored");
            }
            var bytes = await File.ReadAllBytesAsync(path);
            var wal = File.Exists(path + "-wal") ? await File.ReadAllBytesAsync(path + "-wal") : [];
            var text = System.Text.Encoding.ASCII.GetString([.. bytes, .. wal]);
            Assert.DoesNotContain(key, text, StringComparison.Ordinal);
            Assert.DoesNotContain(key[12..], text, StringComparison.Ordinal);
            Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))), text, StringComparison.Ordinal);
        }
        finally
        {
            TempFiles.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task Unknown_endpoints_and_forbidden_kinds_of_endpoint_do_not_exist()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = await sandbox.DemoAsync();

        foreach (var path in new[] { "user/password", "wallet/withdraw", "exchange/keys", "user/email", "admin/users" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(path, "{}")).Status);
        }
    }
}
