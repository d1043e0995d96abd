namespace Segnals.Mcp.Server.Cli;

internal static class HelpText
{
    public const string Text = """
        segnals-mcp: the Segnals MCP server (stdio). Lets an AI agent manage your Segnals bots, safely.

        Usage:
          segnals-mcp [options]            serve MCP over stdio (what MCP clients run)
          segnals-mcp --sandbox [options]  serve against a local sandbox API with simulated money (no account needed)
          segnals-mcp serve --http [--host H] [--port P] [--path /mcp] [--readonly-path P] [--sandbox] [options]
                                           hosted mode: Streamable HTTP for many users, each signing in with OAuth or
                                           sending their own key as Authorization: Bearer (also SEGNALS_MCP_TRANSPORT=http;
                                           with --sandbox the sandbox is also the OAuth authorization server; see the README)
          segnals-mcp doctor               check the key and the API, show the key's scopes and usable tools
          segnals-mcp docs [--output PATH] rewrite docs/TOOLS.md from the compiled catalog
          segnals-mcp sandbox [serve|keys create ...|oauth ...]  run the sandbox API alone, with its OAuth
                                           authorization server (see: segnals-mcp sandbox --help)
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

        Hosted mode as an OAuth 2.1 protected resource (serve --http; the README has the whole table):
          SEGNALS_OAUTH_ISSUER           the authorization server's issuer, exactly as its metadata states it; turns OAuth on
          SEGNALS_MCP_PUBLIC_URL         this server's origin as clients reach it (https://mcp.example.com); each path's
                                         resource, and every token's required audience, is derived from it
          SEGNALS_OAUTH_CLIENT_ID, SEGNALS_OAUTH_CLIENT_SECRET
                                         this server's confidential client at the authorization server (introspection of
                                         opaque tokens; token exchange for each user's Segnals API key)
          SEGNALS_OAUTH_ALLOW_API_KEYS   true: Segnals API keys are accepted as bearer tokens too (default false; true with --sandbox)
          SEGNALS_OAUTH_ALLOW_NO_AUDIENCE  true: tokens that name no audience are accepted (default false)
          SEGNALS_OAUTH_KEYS_REFRESH_SECONDS  how often the issuer's metadata and signing keys are fetched again (300)

        Logs go to stderr; stdout carries MCP messages only.
        """;
}
