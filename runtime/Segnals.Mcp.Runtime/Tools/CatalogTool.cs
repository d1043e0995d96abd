using System.Text.Json;
using ModelContextProtocol.Protocol;
using Segnals.Mcp.Runtime.Callers;
using Segnals.Mcp.Runtime.Catalog;
using Segnals.Mcp.Runtime.Confirmation;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Safety;

namespace Segnals.Mcp.Runtime.Tools;

/// <summary>
/// An MCP tool compiled from the catalog. The generated subclass supplies the descriptor, the
/// typed argument binding and the API calls; this class runs the shared flow that users trust:
/// scope check → argument check → credential guard → confirmation → call → result shaping,
/// with every failure turned into one actionable sentence and never a crash.
/// </summary>
public abstract class CatalogTool
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

    /// <summary>The tool's definition as tools/list sends it.</summary>
    public Tool ProtocolTool => _protocolTool.Value;

    /// <summary>Runs one call for <paramref name="call"/>'s caller; every failure comes back as a result, never an exception (but cancellation).</summary>
    public async ValueTask<CallToolResult> InvokeAsync(ToolCallContext call, IDictionary<string, JsonElement>? arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            var key = await call.Caller.Scopes.GetAsync(cancellationToken).ConfigureAwait(false);
            if (!KeyScopes.Allows(key, Descriptor.Scope))
            {
                return ToolResults.Error($"{Descriptor.Name} needs the '{Descriptor.Scope}' scope, which this API key does not have; add it to the key in Segnals → Settings → API Keys (or use a key that has it); nothing was sent.");
            }

            var reader = new ArgumentReader(arguments, Descriptor.ParameterNames, Descriptor.RequiresConfirmation ? ConfirmationArguments : []);
            if (Descriptor.RequiresConfirmation)
            {
                reader.ValidateControlArguments();
            }

            return await RunAsync(reader, call, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiCallException exception)
        {
            if (exception.Kind == ApiErrorKind.Unauthorized)
            {
                call.Caller.NoteRejected();
            }

            return ToolResults.Error(exception.Message);
        }
        catch (ConfirmationStoreUnavailableException exception)
        {
            // Failing closed: without the store nobody can tell a fresh token from a spent one.
            Runtime.Options.Log($"{Descriptor.Name}: {exception.Message}");
            return ToolResults.Error($"{Descriptor.Name} was not run: the server cannot check confirmation tokens right now ({exception.Message}); nothing was sent; try again in a moment.");
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

    private protected abstract Task<CallToolResult> RunAsync(ArgumentReader reader, ToolCallContext call, CancellationToken cancellationToken);

    /// <summary>Answers tools that need no API call (capabilities, catalog texts).</summary>
    protected Task<JsonElement> AnswerFromCatalogAsync(ToolCallContext call, CancellationToken cancellationToken) =>
        CatalogAnswers.AnswerAsync(Runtime, call, Descriptor.Answer ?? string.Empty, cancellationToken);
}

/// <summary>The typed half of a catalog tool: the generator fills in Bind, ExecuteAsync and LookupAsync.</summary>
public abstract class CatalogTool<TArguments> : CatalogTool
{
    protected CatalogTool(ToolRuntime runtime, ToolDescriptor descriptor)
        : base(runtime, descriptor)
    {
    }

    protected abstract TArguments Bind(ArgumentReader reader);

    /// <summary>The API calls the tool makes once its arguments are valid (and confirmed), as <paramref name="call"/>'s caller.</summary>
    protected abstract Task<JsonElement> ExecuteAsync(TArguments arguments, ToolCallContext call, CancellationToken cancellationToken);

    /// <summary>The read that enriches a confirmation preview; none by default.</summary>
    protected virtual Task<JsonElement?> LookupAsync(TArguments arguments, ApiCaller caller, CancellationToken cancellationToken) => Task.FromResult<JsonElement?>(null);

    private protected override async Task<CallToolResult> RunAsync(ArgumentReader reader, ToolCallContext call, CancellationToken cancellationToken)
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
            var gate = await ConfirmationGate.CheckAsync(Runtime, Descriptor, call, reader, ct => LookupAsync(arguments, call.Caller, ct), cancellationToken).ConfigureAwait(false);
            if (gate is not null)
            {
                return gate;
            }
        }

        var result = await ExecuteAsync(arguments, call, cancellationToken).ConfigureAwait(false);
        return ToolResults.Success(ResultShaper.Shape(result, Descriptor.Result, Runtime.Catalog));
    }
}
