using System.Text.Json;
using System.Text.Json.Nodes;
using Segnals.Sandbox.Http;
using Segnals.Sandbox.Trading;

namespace Segnals.Sandbox.Endpoints;

/// <summary>The strategy parameter schema, atomic strategy creation and indicator filters.</summary>
internal static class StrategyEndpoints
{
    public static ApiResult Schema(ApiRequest request)
    {
        var exchange = request.QueryEnum("exchange", Symbols.Exchanges)
            ?? throw ApiException.Validation("exchange", "exchange is required; one of: bybit, phemex, mt5");
        return ApiResult.Ok(exchange, static (w, exchange) =>
        {
            w.WriteString("exchange", exchange);
            w.WriteStartArray("parameters");
            foreach (var p in StrategySchema.For(exchange))
            {
                WriteParameter(w, p);
            }
            w.WriteEndArray();
            w.WriteStartArray("filters");
            foreach (var filter in StrategySchema.Filters)
            {
                w.WriteStartObject();
                w.WriteString("type", filter.Type);
                w.WriteString("description", filter.Description);
                w.WriteStartArray("params");
                foreach (var p in filter.Parameters)
                {
                    WriteParameter(w, p);
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("symbols");
            foreach (var symbol in Symbols.ListedOn(exchange))
            {
                w.WriteStringValue(symbol);
            }
            w.WriteEndArray();
            w.WriteString("default_symbol", Symbols.DefaultSymbol(exchange));
        });
    }

    /// <summary>Bot and config in one transaction: any validation failure leaves nothing behind.</summary>
    public static ApiResult Create(ApiRequest request)
    {
        var body = request.Body;
        body.AllowOnly("exchange", "name", "symbol", "config");
        var exchange = body.RequiredEnum("exchange", Symbols.Exchanges);
        var name = body.RequiredString("name", 1, 100);
        var symbol = BotEndpoints.ResolveSymbol(body.RequiredString("symbol", 1, 20), exchange);
        var patch = body.RequiredObject("config");
        var config = StrategySchema.Defaults(exchange);
        StrategySchema.Merge(config, patch, exchange);
        var id = BotEndpoints.CreateBot(request, name, exchange, symbol, config, "Strategy created");
        return ApiResult.Ok(id, static (w, id) =>
        {
            w.WriteString("msg", "Strategy created as a stopped bot. Start it when you are ready.");
            w.WriteNumber("bot_id", id);
        });
    }

    public static ApiResult SetFilter(ApiRequest request)
    {
        var body = request.Body;
        body.AllowOnly("enabled", "params");
        var type = request.RouteValue("type");
        if (StrategySchema.FindFilter(type) is null)
        {
            throw ApiException.Validation("type", $"Unknown filter type '{type}'; allowed: {string.Join(", ", StrategySchema.Filters.Select(f => f.Type))}.");
        }
        var bot = BotEndpoints.Find(request);
        var enabled = body.RequiredBool("enabled");
        var parameters = body.OptionalObject("params");
        var config = (JsonObject)JsonNode.Parse(bot.Config)!;
        StrategySchema.SetFilter(config, type, enabled, parameters);
        request.Services.Lifecycle.CatchUp(request.Db, bot, request.NowMs);
        request.Db.Execute("UPDATE bots SET config = $2, updated_at = $3 WHERE id = $1", bot.Id, config.ToJson(), request.NowMs);
        Bots.Log(request.Db, bot.Id, request.NowMs, "info", $"Filter {type} {(enabled ? "enabled" : "disabled")}");
        var filters = config[StrategySchema.FiltersKey]!.ToJson();
        return ApiResult.Ok((type, enabled, filters), static (w, s) =>
        {
            w.WriteString("msg", $"Filter {s.type} {(s.enabled ? "enabled" : "disabled")}");
            w.WriteRaw("filters", s.filters);
        });
    }

    private static void WriteParameter(Utf8JsonWriter w, ParameterSpec p)
    {
        w.WriteStartObject();
        w.WriteString("key", p.Key);
        w.WriteString("type", p.Type);
        w.WritePropertyName("default");
        p.Default.WriteTo(w);
        w.WriteNullableNumber("min", p.Min);
        w.WriteNullableNumber("max", p.Max);
        if (p.Enum is { } values)
        {
            w.WriteStartArray("enum");
            foreach (var v in values)
            {
                w.WriteStringValue(v);
            }
            w.WriteEndArray();
        }
        else
        {
            w.WriteNull("enum");
        }
        w.WriteString("description", p.Description);
        if (p.Risk is { } risk)
        {
            w.WriteString("risk", risk);
        }
        else
        {
            w.WriteNull("risk");
        }
        w.WriteEndObject();
    }
}
