namespace Segnals.Catalog.Generator.Emitting;

/// <summary>The runtime types generated code uses, fully qualified in one place.</summary>
internal static class RuntimeTypes
{
    public const string GeneratedNamespace = "Segnals.Mcp.Generated";
    public const string RequestsNamespace = GeneratedNamespace + ".Requests";
    public const string ApiInterface = "ISegnalsApiClient";
    public const string JsonContext = "SegnalsJsonContext";
    public const string CallerKey = "global::Segnals.Mcp.Runtime.Http.ApiRequestOptions.CallerKey";
    public const string ApiRefitSettings = "global::Segnals.Mcp.Runtime.Http.ApiRefitSettings";
    public const string WireText = "global::Segnals.Mcp.Runtime.Http.WireText";
    public const string HttpClient = "global::System.Net.Http.HttpClient";
    public const string HttpRequestMessage = "global::System.Net.Http.HttpRequestMessage";
    public const string ApiExchange = "global::Segnals.Mcp.Runtime.Http.ApiExchange";
    public const string Refit = "global::Refit";
    public const string JsonSerialization = "global::System.Text.Json.Serialization";
    public const string ApiCaller = "global::Segnals.Mcp.Runtime.Callers.ApiCaller";
    public const string ToolCallContext = "global::Segnals.Mcp.Runtime.Tools.ToolCallContext";
    public const string Task = "global::System.Threading.Tasks.Task";
    public const string CancellationToken = "global::System.Threading.CancellationToken";
    public const string JsonElement = "global::System.Text.Json.JsonElement";
    public const string Uri = "global::System.Uri";
    public const string CatalogTool = "global::Segnals.Mcp.Runtime.Tools.CatalogTool";
    public const string ToolRuntime = "global::Segnals.Mcp.Runtime.Tools.ToolRuntime";
    public const string ArgumentReader = "global::Segnals.Mcp.Runtime.Tools.ArgumentReader";
    public const string FieldRule = "global::Segnals.Mcp.Runtime.Tools.FieldRule";
    public const string FieldType = "global::Segnals.Mcp.Runtime.Tools.FieldType";
    public const string ResultPaths = "global::Segnals.Mcp.Runtime.Tools.ResultPaths";
    public const string CatalogNamespace = "global::Segnals.Mcp.Runtime.Catalog";
    public const string Invariant = "global::System.Globalization.CultureInfo.InvariantCulture";

    public static string ClrType(string catalogType, bool required) => catalogType switch
    {
        "integer" => required ? "long" : "long?",
        "number" => required ? "double" : "double?",
        "boolean" => required ? "bool" : "bool?",
        "object" => required ? JsonElement : JsonElement + "?",
        _ => required ? "string" : "string?",
    };
}
