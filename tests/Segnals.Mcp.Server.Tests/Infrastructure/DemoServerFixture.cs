using Xunit;

namespace Segnals.Mcp.Server.Tests.Infrastructure;

/// <summary>
/// One sandbox and one server process shared by tests that only read (handshake, listing, every read
/// tool): they change nothing, so sharing them costs no isolation and saves a process start per test.
/// Disposing runs the session's exit, stdout and canary checks.
/// </summary>
public sealed class DemoServerFixture : IAsyncLifetime
{
    internal SandboxBackend Sandbox { get; private set; } = null!;

    internal ServerSession Session { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sandbox = await SandboxBackend.StartAsync();
        Session = await ServerSession.StartAsync(Sandbox.Environment());
    }

    public async Task DisposeAsync()
    {
        try
        {
            await Session.DisposeAsync();
        }
        finally
        {
            await Sandbox.DisposeAsync();
        }
    }
}
