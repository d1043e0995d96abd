namespace Segnals.Mcp.Server.Cli;

internal static class HelpText
{
    public const string Text = """
        segnals-mcp: the Segnals MCP server (stdio). Lets an AI agent manage your Segnals bots, safely.

        Usage:
          segnals-mcp [options]            serve MCP over stdio (what MCP clients run)
          segnals-mcp --sandbox [options]  serve against a local sandbox API with simulated money (no account needed)
          segnals-mcp serve --http [--host H] [--port P] [--path /mcp] [--readonly-path P] [--sandbox] [options]
                                           hosted mode: Streamable HTTP for many users, each sending their own key as
                                           Authorization: Bearer (also SEGNALS_MCP_TRANSPORT=http; see the README)
          segnals-mcp doctor               check the key and the API, show the key's scopes and usable tools
          segnals-mcp docs [--output PATH] rewrite docs/TOOLS.md from the compiled catalog
          segnals-mcp sandbox [serve|keys create ...]  run the sandbox API alone (see: segnals-mcp sandbox --help)
          segnals-mcp --version | --help

        Operator ceilings (they can only narrow what is exposed; also as environment variables):
          --read-only              only read tools                         SEGNALS_READ_ONLY=true
          --toolsets a,b           only these groups (account, stats, bots, strategies,
                                   marketplace, copy_trading, market, notifications)  SEGNALS_TOOLSETS
          --tools x,y              only these tools                        SEGNALS_TOOLS
          --exclude-tools z        never these tools                       SEGNALS_EXCLUDE_TOOLS

        Tool definitions:
          --tools-list full|compact  what tools/list sends per tool        SEGNALS_TOOLS_LIST
                                   full (default): all four hints, closed input schemas, output schemas
                                   compact: hints only where a client needs them, no output schemas
                                   (about 27% fewer bytes); the same tools, arguments and results

        Environment:
          SEGNALS_API_KEY          required (sk_live_… or sk_test_…); never passed on the command line
          SEGNALS_API_BASE         default https://segnals.com/api
          SEGNALS_TIMEOUT_MS       per-request timeout, default 30000
          SEGNALS_MAX_RETRIES      retries for idempotent requests only, default 3
          SEGNALS_RATE_LIMIT_PER_MINUTE  client-side limit, default 120
          SEGNALS_CONFIRMATION     elicit | token | flag (default: elicit where the client supports it, else token)
          SEGNALS_CONFIRMATION_SECRET    shared HMAC secret for confirmation tokens across replicas
          SEGNALS_CONFIRMATION_TTL_SECONDS  how long a confirmation token is valid, default 300
          SEGNALS_SANDBOX_DB       with --sandbox: the database file (default under your local data folder)

        Logs go to stderr; stdout carries MCP messages only.
        """;
}
