using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Segnals.Sandbox;

/// <summary>
/// Something that runs in the sandbox's own web application beside the API (the OAuth authorization server is
/// one), added through <see cref="SandboxOptions.Extensions"/>. It lets the sandbox stay free of the extension's
/// dependencies: the desktop binary embeds the sandbox without them.
/// </summary>
public interface ISandboxExtension
{
    /// <summary>Registers the extension's services; <paramref name="sandbox"/> is also in the container.</summary>
    void ConfigureServices(IServiceCollection services, SandboxAccounts sandbox);

    /// <summary>Adds middleware and endpoints. The API stays under /api; unmatched paths still answer 404.</summary>
    void Configure(WebApplication app);

    /// <summary>Runs once the server listens (e.g. to prepare storage); its line, if any, goes to the start-up banner.</summary>
    Task<string?> StartedAsync(IServiceProvider services, CancellationToken ct);
}
