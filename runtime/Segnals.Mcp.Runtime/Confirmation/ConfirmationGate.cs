using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Segnals.Mcp.Runtime.Callers;
using Segnals.Mcp.Runtime.Catalog;
using Segnals.Mcp.Runtime.Configuration;
using Segnals.Mcp.Runtime.Http;
using Segnals.Mcp.Runtime.Json;
using Segnals.Mcp.Runtime.Safety;
using Segnals.Mcp.Runtime.Tools;

namespace Segnals.Mcp.Runtime.Confirmation;

/// <summary>
/// Decides whether a ✋ tool may act now. Elicitation asks the person in the client's own UI;
/// the token mode needs a preview-issued HMAC token bound to the tool, exact arguments and
/// expiry; the flag mode only needs confirm: true (for clients that cannot cope with either).
/// </summary>
internal static class ConfirmationGate
{
    /// <summary>Null means go ahead; otherwise the result to return instead of acting.</summary>
    public static async Task<CallToolResult?> CheckAsync(
        ToolRuntime runtime,
        ToolDescriptor tool,
        ToolCallContext call,
        ArgumentReader reader,
        Func<CancellationToken, Task<JsonElement?>> lookup,
        CancellationToken cancellationToken)
    {
        var arguments = reader.Raw.Where(pair => pair.Key is not ("confirm" or "confirmation_token")).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var canonical = CanonicalJson.Serialize(arguments);
        var server = call.Server;
        var mode = ResolveMode(runtime.Options.Confirmation, server);

        Preview? dialogFailed = null;
        if (mode == ConfirmationMode.Elicit)
        {
            var preview = await BuildPreviewAsync(runtime, tool, arguments, lookup, cancellationToken).ConfigureAwait(false);
            var answer = await TryElicitAsync(runtime, server!, tool, preview, cancellationToken).ConfigureAwait(false);
            if (answer is null)
            {
                // The client declared dialogs but could not show this one: the token flow keeps the action
                // possible and still needs the person's agreement, so it stands in rather than an error.
                mode = ConfirmationMode.Token;
                dialogFailed = preview with { Warnings = [.. preview.Warnings, "Your client could not show the confirmation dialog, so this action is confirmed with a token instead."] };
            }
            else if (answer.IsAccepted)
            {
                return null;
            }
            else
            {
                return ToolResults.Success(new JsonObject
                {
                    ["status"] = "cancelled",
                    ["tool"] = tool.Name,
                    ["message"] = $"The user {(answer.Action == "decline" ? "declined" : "cancelled")} in the confirmation dialog; nothing was sent.",
                });
            }
        }

        if (!reader.ReadConfirm())
        {
            var preview = dialogFailed ?? await BuildPreviewAsync(runtime, tool, arguments, lookup, cancellationToken).ConfigureAwait(false);
            return PreviewResult(preview, runtime, tool, call.Caller, canonical, mode, problem: null);
        }

        if (mode == ConfirmationMode.Flag)
        {
            return null;
        }

        var check = await runtime.Tokens.VerifyAsync(call.Caller, reader.ReadConfirmationToken(), tool.Name, canonical, cancellationToken).ConfigureAwait(false);
        if (check == ConfirmationCheck.Valid)
        {
            return null;
        }

        var fresh = dialogFailed ?? await BuildPreviewAsync(runtime, tool, arguments, lookup, cancellationToken).ConfigureAwait(false);
        return PreviewResult(fresh, runtime, tool, call.Caller, canonical, mode, Explain(check));
    }

    /// <summary>The person's answer, or null when the client failed the dialog request itself (an error reply).</summary>
    private static async Task<ElicitResult?> TryElicitAsync(ToolRuntime runtime, McpServer server, ToolDescriptor tool, Preview preview, CancellationToken cancellationToken)
    {
        try
        {
            return await server.ElicitAsync(
                new ElicitRequestParams
                {
                    Message = ElicitationMessage(tool, preview),
                    RequestedSchema = new ElicitRequestParams.RequestSchema(),
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (McpException exception)
        {
            runtime.Options.Log($"{tool.Name}: the client failed the confirmation dialog ({exception.GetType().Name}); asking for a token instead");
            return null;
        }
    }

    private static ConfirmationMode ResolveMode(ConfirmationMode configured, McpServer? server)
    {
        var canElicit = server?.ClientCapabilities?.Elicitation is not null;
        return configured switch
        {
            ConfirmationMode.Flag => ConfirmationMode.Flag,
            ConfirmationMode.Token => ConfirmationMode.Token,
            _ => canElicit ? ConfirmationMode.Elicit : ConfirmationMode.Token,
        };
    }

    private static async Task<Preview> BuildPreviewAsync(
        ToolRuntime runtime,
        ToolDescriptor tool,
        IReadOnlyDictionary<string, JsonElement> arguments,
        Func<CancellationToken, Task<JsonElement?>> lookup,
        CancellationToken cancellationToken)
    {
        var rules = tool.Preview!;
        var warnings = new List<string>(rules.Warnings);
        JsonElement? looked;
        try
        {
            looked = await lookup(cancellationToken).ConfigureAwait(false);
        }
        catch (ApiCallException exception) when (exception.Kind == ApiErrorKind.Forbidden)
        {
            // A key may be allowed to act without being allowed to read (control:bots without read:bots):
            // the preview then says less, but the action stays possible. Other failures (404) still stop here.
            looked = null;
            warnings.Add($"The preview could not show details: this key lacks the '{exception.RequiredScope ?? "read"}' scope needed to read them.");
        }

        var text = PreviewTemplate.Render(rules.Text, arguments, looked);
        var subject = rules.RiskSubject is null ? null : PreviewTemplate.ResolveValue(rules.RiskSubject, arguments, looked);
        warnings.AddRange(RiskRules.Warnings(runtime.Catalog.RiskRules, subject));
        var disclaimer = rules.Disclaimer ? runtime.Catalog.FindText("disclaimer")?.Text : null;
        return new Preview(text, warnings, disclaimer);
    }

    private static CallToolResult PreviewResult(Preview preview, ToolRuntime runtime, ToolDescriptor tool, ApiCaller caller, string canonical, ConfirmationMode mode, string? problem)
    {
        var result = new JsonObject
        {
            ["status"] = problem is null ? "confirmation_required" : "confirmation_refused",
            ["tool"] = tool.Name,
        };
        if (problem is not null)
        {
            result["problem"] = problem + " Nothing was sent; here is a fresh preview.";
        }

        result["preview"] = preview.Text;
        result["warnings"] = new JsonArray(preview.Warnings.Select(warning => (JsonNode?)warning).ToArray());
        if (preview.Disclaimer is not null)
        {
            result["disclaimer"] = preview.Disclaimer;
        }

        if (mode == ConfirmationMode.Token)
        {
            var token = runtime.Tokens.Issue(caller, tool.Name, canonical, out var expires);
            result["confirmation_token"] = token;
            result["expires_at"] = expires.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            result["next_step"] = $"Show this preview to the user. Only if they agree, call {tool.Name} again with the same arguments plus \"confirm\": true and this confirmation_token.";
        }
        else
        {
            result["next_step"] = $"Show this preview to the user. Only if they agree, call {tool.Name} again with the same arguments plus \"confirm\": true.";
        }

        return problem is null ? ToolResults.Success(result) : ToolResults.Refused(result);
    }

    private static string ElicitationMessage(ToolDescriptor tool, Preview preview)
    {
        var lines = new List<string> { $"{tool.Title}: {preview.Text}" };
        lines.AddRange(preview.Warnings.Select(warning => "⚠ " + warning));
        if (preview.Disclaimer is not null)
        {
            lines.Add(preview.Disclaimer);
        }

        lines.Add("Accept to proceed, or decline to cancel (nothing is sent).");
        return string.Join("\n", lines);
    }

    private static string Explain(ConfirmationCheck check) => check switch
    {
        ConfirmationCheck.Missing => "confirm: true needs the confirmation_token from the preview.",
        ConfirmationCheck.Expired => "The confirmation token has expired.",
        ConfirmationCheck.AlreadyUsed => "The confirmation token was already used; each token confirms one action.",
        ConfirmationCheck.WrongToolOrArguments => "The confirmation token was issued for different arguments, another tool or another API key.",
        _ => "The confirmation token is not valid.",
    };

    private sealed record Preview(string Text, IReadOnlyList<string> Warnings, string? Disclaimer);
}
