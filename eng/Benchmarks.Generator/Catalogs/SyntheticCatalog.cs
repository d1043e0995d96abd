using System.Globalization;
using System.Text;

namespace Segnals.Benchmarks.Generator.Catalogs;

/// <summary>
/// A realistic catalog of any size, built in memory: the real service file with extra groups, and one
/// group file per ten tools. Each group mirrors the real bots/stats/marketplace tools with its own names
/// and paths: five reads (enum filters, ranges, defaults, patterns, output schemas, an unwrap), and five
/// writes/controls, four of them ✋ with previews, three of those with a look-up, one with risk rules and
/// the disclaimer, and a confirm:false emergency stop.
/// </summary>
internal static class SyntheticCatalog
{
    public const int ToolsPerGroup = 10;

    private const string Directory = "/benchmark/synthetic/catalog";

    public static IReadOnlyList<InMemoryAdditionalText> Create(InMemoryAdditionalText realServiceFile, int toolCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(toolCount, 1);
        var groupCount = (toolCount + ToolsPerGroup - 1) / ToolsPerGroup;
        var names = Enumerable.Range(0, groupCount).Select(index => "res" + index.ToString("000", CultureInfo.InvariantCulture)).ToList();

        var files = new List<InMemoryAdditionalText> { new(Directory + "/service.yaml", ServiceFile(realServiceFile.Text, names)) };
        for (var index = 0; index < groupCount; index++)
        {
            var tools = Math.Min(ToolsPerGroup, toolCount - (index * ToolsPerGroup));
            files.Add(new InMemoryAdditionalText(Directory + "/tools/" + names[index] + ".yaml", GroupFile(names[index], tools)));
        }

        return files;
    }

    /// <summary>The real service file, unchanged except for one extra group per synthetic resource.</summary>
    private static string ServiceFile(string serviceText, IReadOnlyList<string> groups)
    {
        var text = serviceText.ReplaceLineEndings("\n");
        var end = text.IndexOf("\ntexts:", StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidOperationException("catalog/service.yaml has no top-level 'texts:' after 'groups:'; update SyntheticCatalog.");
        }

        var extra = new StringBuilder();
        foreach (var group in groups)
        {
            extra.Append("  - name: ").Append(group).Append('\n')
                .Append("    title: Resource ").Append(group).Append('\n')
                .Append("    description: Synthetic group ").Append(group).Append(" for the generator benchmark.\n");
        }

        return text.Insert(end, extra.ToString());
    }

    /// <summary>The first <paramref name="tools"/> tools of one resource group; look-ups only ever point back to the second tool.</summary>
    private static string GroupFile(string resource, int tools)
    {
        var entries = Template.ReplaceLineEndings("\n").Replace("{r}", resource, StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length != ToolsPerGroup)
        {
            throw new InvalidOperationException("The synthetic group template must hold exactly " + ToolsPerGroup + " tools.");
        }

        return "# yaml-language-server: $schema=../catalog.schema.json\ngroup: " + resource + "\ntools:\n" + string.Join("\n", entries.Take(tools).Select(entry => entry.TrimEnd('\n') + "\n"));
    }

    private const string Template = """
          - name: segnals_list_{r}_items
            title: List {r} items
            summary: List your {r} items with status, exchange and symbol.
            kind: read
            scope: read:bots
            endpoint: { method: GET, path: /{r}/items/ }
            parameters:
              - name: status
                type: string
                enum: [stopped, starting, warming_up, running, error]
                description: Only items in this status.
              - name: limit
                type: integer
                min: 1
                max: 200
                default: 50
                description: Page size.
              - name: offset
                type: integer
                min: 0
                description: Items to skip.
            output_schema:
              type: object
              properties:
                items: { type: array }
                total: { type: integer }
              required: [items, total]
            example: { status: running, limit: 20 }

          - name: segnals_get_{r}_item
            title: Get {r} item
            summary: One {r} item with its full configuration.
            kind: read
            scope: read:bots
            endpoint: { method: GET, path: "/{r}/items/{item_id}" }
            parameters:
              - name: item_id
                type: integer
                required: true
                min: 1
                description: Item id.
            result:
              unwrap: item
            example: { item_id: 42 }

          - name: segnals_get_{r}_item_logs
            title: "{r} item logs"
            summary: Recent log lines of a {r} item, newest first.
            kind: read
            scope: read:bots
            endpoint: { method: GET, path: "/{r}/items/{item_id}/logs" }
            parameters:
              - name: item_id
                type: integer
                required: true
                min: 1
                description: Item id.
              - name: limit
                type: integer
                min: 1
                max: 200
                default: 50
                description: Lines to return.
            example: { item_id: 42, limit: 20 }

          - name: segnals_get_{r}_stats
            title: "{r} performance"
            summary: PnL, win rate, drawdown and top item of {r} for a period.
            details: Answers "How is {r} performing this month?" Wins and losses are trade counts.
            kind: read
            scope: read:stats
            endpoint: { method: GET, path: /{r}/stats }
            parameters:
              - name: period
                type: string
                enum: [day, week, month, year, all]
                default: month
                description: Period.
            output_schema:
              type: object
              properties:
                period: { type: string }
                net_pnl: { type: number }
                win_rate: { type: number }
                max_drawdown_pct: { type: number }
              required: [period, net_pnl, win_rate, max_drawdown_pct]
            example: { period: month }

          - name: segnals_search_{r}
            title: Search {r}
            summary: Search {r} listings by text, exchange and risk.
            kind: read
            scope: read:marketplace
            endpoint: { method: GET, path: /{r}/search }
            parameters:
              - name: query
                type: string
                required: true
                min_length: 1
                max_length: 200
                description: Search text.
              - name: page
                type: integer
                min: 1
                description: Page.
              - name: per_page
                type: integer
                min: 1
                max: 50
                description: Page size.
              - name: exchange
                type: string
                enum: [bybit, phemex, mt5]
                description: Exchange.
              - name: max_risk
                type: string
                enum: [low, medium, high]
                description: Max risk.
            example: { query: btc trend, exchange: bybit, per_page: 10 }

          - name: segnals_create_{r}_item
            title: Create {r} item
            summary: Create a new {r} item (it starts stopped, with default settings).
            kind: write
            scope: write:bots
            confirm: true
            endpoint: { method: POST, path: /{r}/items/create }
            parameters:
              - name: exchange
                type: string
                required: true
                enum: [bybit, phemex, mt5]
                description: Exchange.
              - name: name
                type: string
                min_length: 1
                max_length: 100
                description: Item name.
              - name: symbol
                type: string
                pattern: ^[A-Z0-9]{3,20}$
                description: Symbol, e.g. BTCUSDT.
            preview:
              text: Create a {exchange} {r} item "{name}" on {symbol}. It starts stopped.
            example: { exchange: bybit, name: BTC scalper, symbol: BTCUSDT }

          - name: segnals_update_{r}_item
            title: Update {r} item
            summary: Rename a {r} item or change its configuration (merged key by key).
            kind: write
            scope: write:bots
            confirm: true
            hints: { idempotent: true }
            endpoint: { method: PUT, path: "/{r}/items/{item_id}" }
            parameters:
              - name: item_id
                type: integer
                required: true
                min: 1
                description: Item id.
              - name: name
                type: string
                min_length: 1
                max_length: 100
                description: New name.
              - name: config
                type: object
                description: Config keys to change.
            require_one_of: [name, config]
            preview:
              lookup: { call: segnals_get_{r}_item, args: { item_id: "{item_id}" } }
              text: Update {r} item {item_id} "{lookup.item.name}" ({lookup.item.status}); new name {name}, config changes {config}.
              risk_subject: config
            example: { item_id: 42, config: { leverage: 5, stop_loss_pct: 2 } }

          - name: segnals_delete_{r}_item
            title: Delete {r} item
            summary: Delete a stopped {r} item for good.
            kind: control
            scope: control:bots
            confirm: true
            endpoint: { method: DELETE, path: "/{r}/items/{item_id}" }
            parameters:
              - name: item_id
                type: integer
                required: true
                min: 1
                description: Item id.
            preview:
              lookup: { call: segnals_get_{r}_item, args: { item_id: "{item_id}" } }
              text: Delete {r} item {item_id} "{lookup.item.name}" (status {lookup.item.status}). This cannot be undone.
            example: { item_id: 42 }

          - name: segnals_start_{r}_item
            title: Start {r} item
            summary: Start a stopped {r} item; it warms up for a few minutes, then trades live.
            kind: control
            scope: control:bots
            confirm: true
            endpoint: { method: POST, path: "/{r}/items/{item_id}/control", body: { action: start } }
            parameters:
              - name: item_id
                type: integer
                required: true
                min: 1
                description: Item id.
            preview:
              lookup: { call: segnals_get_{r}_item, args: { item_id: "{item_id}" } }
              text: Start {r} item {item_id} "{lookup.item.name}" on {lookup.item.exchange} {lookup.item.symbol}; it will trade with real funds.
              risk_subject: lookup.item.config
              disclaimer: true
            example: { item_id: 42 }

          - name: segnals_stop_{r}_item
            title: Stop {r} item
            summary: Stop a {r} item now. No confirmation, so an emergency stop is one call.
            kind: control
            scope: control:bots
            confirm: false
            endpoint: { method: POST, path: "/{r}/items/{item_id}/control", body: { action: stop } }
            parameters:
              - name: item_id
                type: integer
                required: true
                min: 1
                description: Item id.
            example: { item_id: 42 }
        """;
}
