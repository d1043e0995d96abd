using System.Linq;
using Segnals.Catalog.Generator.Model;

namespace Segnals.Catalog.Generator.Parsing;

/// <summary>Reads the service file: scopes, groups, shared texts, risk rules, guards, endpoints.</summary>
internal static class ServiceParser
{
    public static ServiceSpec Parse(YamlMapping root)
    {
        var service = root.Mapping("service", "service", CatalogFields.Service);
        var auth = service?.Mapping("auth", "auth", CatalogFields.Auth);
        if (service is not null && auth is null)
        {
            service.RequiredString("auth");
        }

        var scopes = root.MappingList("scopes", "scope", CatalogFields.Scope)
            .Select(scope => new ScopeSpec(scope.RequiredString("name").Value, scope.RequiredString("description").Value, scope.Span))
            .ToEquatableArray();
        var groups = root.MappingList("groups", "group", CatalogFields.Group)
            .Select(group => new GroupSpec(group.RequiredString("name").Value, group.RequiredString("title").Value, group.RequiredString("description").Value, group.Span))
            .ToEquatableArray();
        var texts = root.MappingList("texts", "text", CatalogFields.Text)
            .Select(text => new TextSpec(text.RequiredString("name").Value, text.String("version")?.Value, text.RequiredString("text").Value))
            .ToEquatableArray();
        var rules = root.MappingList("risk_rules", "risk rule", CatalogFields.RiskRule)
            .Select(ParseRiskRule)
            .ToEquatableArray();
        var guard = root.Mapping("credential_guard", "credential_guard", CatalogFields.CredentialGuard);
        var endpoints = root.MappingList("endpoints", "endpoint", CatalogFields.ServiceEndpoint)
            .Select(endpoint => new EndpointSpec(
                endpoint.RequiredString("name").Value,
                endpoint.OneOf("method", ToolParser.HttpMethods)?.Value ?? "GET",
                endpoint.RequiredString("path").Value,
                endpoint.Span))
            .ToEquatableArray();
        var banned = root.Sequence("banned_paths")?.Children
            .OfType<YamlDotNet.RepresentationModel.YamlScalarNode>()
            .Select(node => new Located(node.Value ?? string.Empty, YamlSpans.Of(root.Path, node)))
            .ToEquatableArray() ?? EquatableArray<Located>.Empty;

        return new ServiceSpec(
            Name: service?.RequiredString("name").Value ?? string.Empty,
            Title: service?.RequiredString("title").Value ?? string.Empty,
            Version: service?.RequiredString("version").Value ?? string.Empty,
            ToolPrefix: service?.String("tool_prefix")?.Value ?? string.Empty,
            ApiBase: service?.RequiredString("api_base").Value ?? string.Empty,
            // The runtime sends the key as a bearer token, so that is the only scheme a catalog may state.
            AuthScheme: (auth?.Node("scheme") is null ? auth?.RequiredString("scheme") : auth.OneOf("scheme", "bearer"))?.Value ?? string.Empty,
            KeyEnvironmentVariable: auth?.RequiredString("key_env").Value ?? string.Empty,
            KeyPattern: auth?.RequiredString("key_pattern").Value ?? string.Empty,
            KeyHelp: auth?.String("key_help")?.Value ?? string.Empty,
            WriteBody: service?.Constants("write_body") ?? EquatableArray<ConstantSpec>.Empty,
            Scopes: scopes,
            Groups: groups,
            Texts: texts,
            RiskRules: rules,
            CredentialKeys: guard?.StringList("keys") ?? EquatableArray<string>.Empty,
            BannedPaths: banned,
            Endpoints: endpoints,
            Span: root.Span);
    }

    private static RiskRuleSpec ParseRiskRule(YamlMapping rule)
    {
        var conditions = rule.MappingList("when", "risk condition", CatalogFields.RiskCondition)
            .Select(condition => new RiskConditionSpec(
                condition.RequiredString("field").Value,
                condition.OneOf("op", "eq", "ne", "gt", "gte", "lt", "lte", "missing", "present")?.Value ?? "eq",
                condition.Node("value") is YamlDotNet.RepresentationModel.YamlScalarNode value ? YamlJson.ScalarToJson(value) : null))
            .ToEquatableArray();
        return new RiskRuleSpec(rule.RequiredString("id").Value, conditions, rule.RequiredString("warning").Value, rule.Span);
    }
}
