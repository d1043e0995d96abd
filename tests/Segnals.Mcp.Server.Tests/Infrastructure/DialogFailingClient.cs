using System.Text.Json;
using Xunit;

namespace Segnals.Mcp.Server.Tests.Infrastructure;

/// <summary>
/// The client side of a raw JSON-RPC session that declared elicitation yet answers every
/// elicitation/create with an error, as a client whose dialog is broken would.
/// </summary>
internal sealed class DialogFailingClient(ServerProcess process)
{
    /// <summary>How many dialog requests the server sent and this client failed.</summary>
    public int DialogsFailed { get; private set; }

    /// <summary>Reads until the response to <paramref name="id"/>, failing every dialog request on the way; returns its result.</summary>
    public async Task<JsonElement> ResultAsync(int id)
    {
        while (await process.ReadLineAsync() is { } line)
        {
            var message = JsonDocument.Parse(line).RootElement.Clone();
            if (message.TryGetProperty("method", out var method))
            {
                if (method.GetString() == "elicitation/create")
                {
                    DialogsFailed++;
                    await process.WriteRawAsync("""{"jsonrpc":"2.0","id":""" + message.GetProperty("id").GetRawText() + ""","error":{"code":-32603,"message":"the dialog could not be shown"}}""" + "\n");
                }

                continue;
            }

            if (message.TryGetProperty("id", out var found) && found.ValueKind == JsonValueKind.Number && found.GetInt32() == id)
            {
                Assert.True(message.TryGetProperty("result", out var result), line);
                return result;
            }
        }

        throw new InvalidOperationException($"segnals-mcp closed stdout before answering request {id}.");
    }
}
