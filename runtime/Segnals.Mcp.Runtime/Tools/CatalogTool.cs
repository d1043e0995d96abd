using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Segnals.Mcp.Runtime.Catalog;
using Segnals.Mcp.Runtime.Confirmation;
using Segnals.Mcp.Runtime.Http;

namespace Segnals.Mcp.Runtime.Tools;

/// <summary>
/// An MCP tool compiled from the catalog. The generated subclass supplies the descriptor, the
/// typed argument binding and the API calls; this class runs the shared flow that users trust:
/// scope check → argument check → credential guard → confirmation → call → result shaping,
/// with every failure turned into one actionable sentence and never a crash.
/// </summary>
public abstract class CatalogTool : McpServerTool
{
    private static readonly string[] ConfirmationArguments = ["confirm", "confirmation_token"];

    private readonly Lazy<Tool> _protocolTool;

    protected CatalogTool(ToolRuntime runtime, ToolDescriptor descriptor)
    {
        Runtime = runtime;
        Descriptor = descriptor;
        _protocolTool = new Lazy<Tool>(() => ProtocolToolFactory.Create(descriptor, runtime.Options.Listing));
    }

    public ToolRuntime Runtime { get; }

    public ToolDescriptor Descriptor { get; }

    public override Tool ProtocolTool => _protocolTool.Value;

    public override IReadOnlyList<object> Metadata => [];

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        try
        {
            var key = await Runtime.Scopes.GetAsync(cancellationToken).ConfigureAwait(false);
            if (!KeyScopes.Allows(key, Descriptor.Scope))
            {
                return ToolResults.Error($"{Descriptor.Name} needs the '{Descriptor.Scope}' scope, which this API key does not have; add it to the key in Segnals → Settings → API Keys (or use a key that has it); nothing was sent.");
            }

            var reader = new ArgumentReader(request.Params?.Arguments, Descriptor.ParameterNames, Descriptor.RequiresConfirmation ? ConfirmationArguments : []);
            if (Descriptor.RequiresConfirmation)
            {
                reader.ValidateControlArguments();
            }

            return await RunAsync(reader, request.Server, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiCallException exception)
        {
            return ToolResults.Error(exception.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            // The server keeps serving; the model gets a sentence, stderr gets the type (never arguments or the key).
            Runtime.Options.Log($"{Descriptor.Name} failed unexpectedly: {exception.GetType().Name}");
            return ToolResults.Error($"{Descriptor.Name} failed with an unexpected error ({exception.GetType().Name}); nothing more was sent; try again, or report it if it persists.");
        }
    }

    private protected abstract Task<CallToolResult> RunAsync(ArgumentReader reader, McpServer? server, CancellationToken cancellationToken);

    /// <summary>Answers tools that need no API call (capabilities, catalog texts).</summary>
    protected Task<JsonElement> AnswerFromCatalogAsync(CancellationToken cancellationToken) =>
        CatalogAnswers.AnswerAsync(Runtime, Descriptor.Answer ?? string.Empty, cancellationToken);
}

/// <summary>The typed half of a catalog tool: the generator fills in Bind, ExecuteAsync and LookupAsync.</summary>
public abstract class CatalogTool<TArguments> : CatalogTool
{
    protected CatalogTool(ToolRuntime runtime, ToolDescriptor descriptor)
        : base(runtime, descriptor)
    {
    }

    protected abstract TArguments Bind(ArgumentReader reader);

    protected abstract Task<JsonElement> ExecuteAsync(TArguments arguments, CancellationToken cancellationToken);

    /// <summary>The read that enriches a confirmation preview; none by default.</summary>
    protected virtual Task<JsonElement?> LookupAsync(TArguments arguments, CancellationToken cancellationToken) => Task.FromResult<JsonElement?>(null);

    private protected override async Task<CallToolResult> RunAsync(ArgumentReader reader, McpServer? server, CancellationToken cancellationToken)
    {
        var arguments = Bind(reader);
        if (!reader.IsValid)
        {
            return ToolResults.Error(reader.Describe());
        }

        foreach (var name in Descriptor.GuardedParameters)
        {
            if (reader.Raw.TryGetValue(name, out var value) && Runtime.CredentialGuard.FindCredential(value, name) is { } path)
            {
                return ToolResults.Error($"Refused: '{path}' looks like an exchange credential, and exchange keys and passwords are set only in the Segnals web dashboard, never through this tool; nothing was sent.");
            }
        }

        if (Descriptor.RequiresConfirmation)
        {
            var gate = await ConfirmationGate.CheckAsync(Runtime, Descriptor, server, reader, ct => LookupAsync(arguments, ct), cancellationToken).ConfigureAwait(false);
            if (gate is not null)
            {
                return gate;
            }
        }

        var result = await ExecuteAsync(arguments, cancellationToken).ConfigureAwait(false);
        return ToolResults.Success(ResultShaper.Shape(result, Descriptor.Result, Runtime.Catalog));
    }
}
