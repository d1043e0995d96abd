using Xunit;

namespace Segnals.Sandbox.Tests.Infrastructure;

/// <summary>One sandbox shared by a test class whose tests only read, or write in ways that do not disturb each other.</summary>
public sealed class SharedSandbox : IAsyncLifetime
{
    private TestSandbox? _sandbox;

    public TestSandbox Sandbox => _sandbox ?? throw new InvalidOperationException("Not started");

    /// <summary>Demo account client with a limit high enough for a whole test class.</summary>
    public ApiClient Demo { get; private set; } = null!;

    /// <summary>A stopped bot of the demo account, created at start.</summary>
    public long BotId { get; private set; }

    public async Task InitializeAsync()
    {
        _sandbox = await TestSandbox.StartAsync();
        Demo = await _sandbox.UserAsync("demo", TestSandbox.AllScopes, rateLimit: 1_000_000);
        BotId = await Demo.CreateBotAsync(name: "Shared fixture bot");
    }

    public async Task DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }
}
