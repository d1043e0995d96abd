using System;
using System.Collections.Generic;
using System.Linq;
using Segnals.Catalog.Generator.Diagnostics;
using Segnals.Catalog.Generator.Emitting;
using Segnals.Catalog.Generator.Model;

namespace Segnals.Catalog.Generator.Validation;

/// <summary>The state of one validation run: the service file, names handed out so far, diagnostics.</summary>
internal sealed class ValidationContext
{
    private const string AnyScope = "any";
    private const string CapabilitiesAnswer = "capabilities";

    private readonly ServiceSpec _service;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly UniqueNameBuilder _classNames = new("SegnalsCatalog", "SegnalsApiClient", "ISegnalsApiClient");
    private readonly UniqueNameBuilder _methodNames = new();
    private readonly Dictionary<string, ClientMethodModel> _methodsByCallName = new(StringComparer.Ordinal);

    public ValidationContext(ServiceSpec service, List<DiagnosticInfo> diagnostics)
    {
        _service = service;
        _diagnostics = diagnostics;
    }

    public List<ClientMethodModel> ClientMethods { get; } = new();

    public void CheckService()
    {
        ReportDuplicates("Scope", _service.Scopes.Select(scope => (scope.Name, scope.Span)));
        ReportDuplicates("Group", _service.Groups.Select(group => (group.Name, group.Span)));
        ReportDuplicates("Risk rule", _service.RiskRules.Select(rule => (rule.Id, rule.Span)));
        ReportDuplicates("Endpoint", _service.Endpoints.Select(endpoint => (endpoint.Name, endpoint.Span)));
        foreach (var group in _service.Groups.Where(group => !NameRules.IsValidName(group.Name)))
        {
            Report(CatalogDiagnostics.InvalidName, group.Span, group.Name);
        }

        foreach (var endpoint in _service.Endpoints)
        {
            CheckBannedPath(endpoint.Path, endpoint.Span);
            var method = new ClientMethodModel(
                _methodNames.Take(CSharpNames.Pascal(endpoint.Name) + "Async"),
                endpoint.Method,
                endpoint.Path,
                EquatableArray<ParameterModel>.Empty,
                EquatableArray<ConstantSpec>.Empty,
                "Service endpoint '" + endpoint.Name + "'.");
            ClientMethods.Add(method);
            _methodsByCallName[endpoint.Name] = method;
        }
    }

    public ServiceModel BuildServiceModel() => new(
        _service.Name,
        _service.Title,
        _service.Version,
        _service.ApiBase,
        _service.AuthScheme,
        _service.KeyEnvironmentVariable,
        _service.KeyPattern,
        _service.KeyHelp,
        _service.Scopes,
        _service.Groups,
        _service.Texts,
        _service.RiskRules,
        _service.CredentialKeys,
        _service.BannedPaths.Select(path => path.Value).ToEquatableArray());

    public List<ToolModel> BuildTools(IReadOnlyList<(ToolSpec Tool, string Group)> tools)
    {
        var seen = new Dictionary<string, ToolSpec>(StringComparer.Ordinal);
        var checkedTools = new List<(ToolSpec Spec, string Group, EquatableArray<ParameterModel> Parameters, ClientMethodModel? Method)>();
        foreach (var (tool, group) in tools)
        {
            if (seen.TryGetValue(tool.Name.Value, out var first))
            {
                Report(CatalogDiagnostics.DuplicateToolName, tool.Name.Span, tool.Name.Value, Describe(first.Name.Span));
                continue;
            }

            seen[tool.Name.Value] = tool;
            var parameters = CheckTool(tool);
            var method = tool.Endpoint is { } endpoint ? RegisterClientMethod(tool, endpoint, parameters) : null;
            checkedTools.Add((tool, group, parameters, method));
        }

        // Calls are resolved after every tool has a client method, so a look-up may name any tool.
        return checkedTools.Select(entry => BuildTool(entry.Spec, entry.Group, entry.Parameters, entry.Method)).ToList();
    }

    private EquatableArray<ParameterModel> CheckTool(ToolSpec tool)
    {
        var name = tool.Name.Value;
        if (!NameRules.IsValidName(name))
        {
            Report(CatalogDiagnostics.InvalidName, tool.Name.Span, name);
        }

        if (tool.Summary is null || tool.Summary.Value.Trim().Length == 0)
        {
            Report(CatalogDiagnostics.BadSummary, tool.Summary?.Span ?? tool.Name.Span, name, "has no summary");
        }
        else if (tool.Summary.Value.Length > NameRules.MaxSummaryLength)
        {
            Report(CatalogDiagnostics.BadSummary, tool.Summary.Span, name, "has a summary of " + tool.Summary.Value.Length + " characters; the limit is " + NameRules.MaxSummaryLength);
        }

        if (tool.Scope.Value != AnyScope && !_service.Scopes.Any(scope => scope.Name == tool.Scope.Value))
        {
            Report(CatalogDiagnostics.UnknownScope, tool.Scope.Span, tool.Scope.Value, AnyScope + ", " + string.Join(", ", _service.Scopes.Select(scope => scope.Name)));
        }

        CheckEndpointOrAnswer(tool);
        CheckSafety(tool);
        var parameters = CheckParameters(tool);
        CheckPreview(tool, parameters);
        foreach (var oneOf in tool.RequireOneOfNames.Where(oneOf => !parameters.Any(parameter => parameter.Name == oneOf)))
        {
            Report(CatalogDiagnostics.UnknownParameterReference, tool.RequireOneOf!.Span, oneOf, "require_one_of", name);
        }

        return parameters;
    }

    private void CheckEndpointOrAnswer(ToolSpec tool)
    {
        if ((tool.Endpoint is null) == (tool.Answer is null))
        {
            Report(CatalogDiagnostics.EndpointOrAnswer, tool.Name.Span, tool.Name.Value);
        }

        if (tool.Answer is { } answer && answer.Value != CapabilitiesAnswer && !_service.Texts.Any(text => text.Name == answer.Value))
        {
            Report(CatalogDiagnostics.UnknownAnswer, answer.Span, answer.Value);
        }

        if (tool.Endpoint is not { } endpoint)
        {
            return;
        }

        if (tool.Kind.Value == "read" && endpoint.Method.Value != "GET")
        {
            Report(CatalogDiagnostics.ReadToolNotGet, endpoint.Method.Span, tool.Name.Value, endpoint.Method.Value);
        }

        CheckBannedPath(endpoint.Path.Value, endpoint.Path.Span);
    }

    private void CheckSafety(ToolSpec tool)
    {
        var isChange = tool.Kind.Value is "write" or "control";
        if (isChange && tool.Confirm is null)
        {
            Report(CatalogDiagnostics.MissingConfirmationDecision, tool.Kind.Span, tool.Name.Value, tool.Kind.Value);
        }

        var confirm = tool.Confirm?.Value == "true";
        if (DeriveDestructive(tool) && !confirm)
        {
            Report(CatalogDiagnostics.DestructiveWithoutConfirmation, tool.Hints?.Destructive == true ? tool.Hints.Span : tool.Name.Span, tool.Name.Value);
        }

        if (confirm && tool.Preview is null)
        {
            Report(CatalogDiagnostics.ConfirmationWithoutPreview, tool.Confirm!.Span, tool.Name.Value);
        }
    }

    private EquatableArray<ParameterModel> CheckParameters(ToolSpec tool)
    {
        var path = tool.Endpoint?.Path.Value ?? string.Empty;
        var placeholders = TemplateFields.Find(path).ToList();
        var method = tool.Endpoint?.Method.Value ?? "GET";
        var names = new UniqueNameBuilder("Confirm", "ConfirmationToken");
        var argumentNames = new UniqueNameBuilder(ClientEmitter.ReservedLocals);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var models = new List<ParameterModel>();
        foreach (var parameter in tool.Parameters)
        {
            var name = parameter.Name.Value;
            if (!NameRules.IsValidName(name))
            {
                Report(CatalogDiagnostics.InvalidName, parameter.Name.Span, name);
            }

            if (!seen.Add(name) || name is "confirm" or "confirmation_token")
            {
                Report(CatalogDiagnostics.DuplicateParameter, parameter.Name.Span, name, tool.Name.Value);
                continue;
            }

            var inPath = placeholders.Contains(name);
            var location = parameter.In?.Value ?? (inPath ? "path" : method is "GET" or "DELETE" ? "query" : "body");
            if (location == "path" && !inPath)
            {
                Report(CatalogDiagnostics.PathParameterNotInPath, parameter.In?.Span ?? parameter.Name.Span, name, tool.Name.Value, path);
            }

            CheckValue(parameter);
            models.Add(new ParameterModel(
                name,
                names.Take(CSharpNames.Pascal(name)),
                argumentNames.Take(CSharpNames.Camel(name)),
                parameter.Type.Value,
                location,
                parameter.ApiName ?? name,
                parameter.Required || location == "path",
                parameter.Description,
                parameter.Rules,
                parameter.Properties?.Select(ToModel).ToEquatableArray()));
        }

        foreach (var placeholder in placeholders.Where(placeholder => !models.Any(parameter => parameter.Name == placeholder && parameter.Location == "path")))
        {
            Report(CatalogDiagnostics.PlaceholderWithoutParameter, tool.Endpoint!.Path.Span, placeholder, tool.Name.Value);
        }

        return models.ToEquatableArray();
    }

    /// <summary>Checks a parameter's or a field's constraints against its type, then every field inside it.</summary>
    private void CheckValue(IValueSpec value)
    {
        var name = value.Name.Value;
        var type = value.Type.Value;
        var rules = value.Rules;
        var numeric = type is "integer" or "number";
        void NotFor(string constraint) => Report(CatalogDiagnostics.ConstraintNotApplicable, value.Span, name, type, constraint);

        if (rules.Enum is { } values)
        {
            if (values.Count == 0)
            {
                Report(CatalogDiagnostics.EmptyEnum, value.EnumSpan ?? value.Span, name);
            }

            if (type != "string")
            {
                NotFor("enum");
            }
        }

        if ((rules.Min is not null || rules.Max is not null) && !numeric)
        {
            NotFor(rules.Min is not null ? "min" : "max");
        }

        if ((rules.MinLength is not null || rules.MaxLength is not null || rules.Pattern is not null) && type != "string")
        {
            NotFor(rules.Pattern is not null ? "pattern" : "min_length/max_length");
        }

        if (value.Properties is not null && type != "object")
        {
            NotFor("properties");
        }

        if ((value.Items is not null || rules.MaxItems is not null) && type != "array")
        {
            NotFor(value.Items is not null ? "items" : "max_items");
        }

        if (type == "array" && value.Items is null)
        {
            Report(CatalogDiagnostics.MissingField, value.Span, "List '" + name + "'", "items");
        }

        if (rules.Min > rules.Max)
        {
            Report(CatalogDiagnostics.MinGreaterThanMax, value.RangeSpan ?? value.Span, name, "min " + JsonText.FormatNumber(rules.Min!.Value), "max " + JsonText.FormatNumber(rules.Max!.Value));
        }

        if (rules.MinLength > rules.MaxLength)
        {
            Report(CatalogDiagnostics.MinGreaterThanMax, value.RangeSpan ?? value.Span, name, "min_length " + rules.MinLength, "max_length " + rules.MaxLength);
        }

        if (rules.Pattern is { } pattern && !IsRegex(pattern))
        {
            Report(CatalogDiagnostics.InvalidValue, value.Span, "pattern", pattern, "a valid regular expression");
        }

        foreach (var field in value.Properties ?? EquatableArray<FieldSpec>.Empty)
        {
            if (!NameRules.IsValidName(field.Name.Value))
            {
                Report(CatalogDiagnostics.InvalidName, field.Name.Span, field.Name.Value);
            }

            CheckValue(field);
        }

        if (value.Items is { } items)
        {
            CheckValue(items);
        }
    }

    private static FieldModel ToModel(FieldSpec field) => new(
        field.Name.Value,
        field.Type.Value,
        field.Required,
        field.Description,
        field.Rules,
        field.Properties?.Select(ToModel).ToEquatableArray(),
        field.Items is { } items ? ToModel(items) : null);

    private void CheckPreview(ToolSpec tool, EquatableArray<ParameterModel> parameters)
    {
        if (tool.Preview is not { } preview)
        {
            return;
        }

        var hasLookup = preview.Lookup is not null;
        foreach (var field in TemplateFields.Find(preview.Text.Value))
        {
            if (!IsPreviewField(field, parameters, hasLookup))
            {
                Report(CatalogDiagnostics.UnknownTemplateField, preview.Text.Span, tool.Name.Value, field, hasLookup ? " or lookup.<path>" : " (and the preview has no look-up)");
            }
        }

        if (preview.RiskSubject is { } subject && !IsPreviewField(subject.Value, parameters, hasLookup))
        {
            Report(CatalogDiagnostics.UnknownParameterReference, subject.Span, subject.Value, "preview.risk_subject", tool.Name.Value);
        }
    }

    private static bool IsPreviewField(string field, EquatableArray<ParameterModel> parameters, bool hasLookup) =>
        parameters.Any(parameter => parameter.Name == field) || (hasLookup && field.StartsWith("lookup.", StringComparison.Ordinal) && field.Length > "lookup.".Length);

    private ClientMethodModel RegisterClientMethod(ToolSpec tool, ToolEndpointSpec endpoint, EquatableArray<ParameterModel> parameters)
    {
        // Bodies (and the service's constant write fields) go with POST, PUT and PATCH; GET and DELETE carry none.
        var isWrite = endpoint.Method.Value is "POST" or "PUT" or "PATCH";
        var body = isWrite ? endpoint.Body.Concat(_service.WriteBody.Where(constant => !endpoint.Body.Any(own => own.Name == constant.Name))) : endpoint.Body;
        var baseName = tool.Name.Value.StartsWith(_service.ToolPrefix, StringComparison.Ordinal) ? tool.Name.Value.Substring(_service.ToolPrefix.Length) : tool.Name.Value;
        var method = new ClientMethodModel(
            _methodNames.Take(CSharpNames.Pascal(baseName) + "Async"),
            endpoint.Method.Value,
            endpoint.Path.Value,
            parameters,
            body.ToEquatableArray(),
            tool.Summary?.Value ?? string.Empty);
        ClientMethods.Add(method);
        _methodsByCallName[tool.Name.Value] = method;
        return method;
    }

    private ToolModel BuildTool(ToolSpec tool, string group, EquatableArray<ParameterModel> parameters, ClientMethodModel? method)
    {
        var confirm = tool.Confirm?.Value == "true";
        var readOnly = tool.Hints?.ReadOnly ?? tool.Kind.Value == "read";
        var httpMethod = tool.Endpoint?.Method.Value;
        var ownCall = method is null
            ? null
            : new ClientCallModel(method.MethodName, parameters.Select(parameter => new CallArgumentModel(parameter.ArgumentName, parameter.Type, parameter.Required, ArgumentSource.Argument, parameter.PropertyName)).ToEquatableArray(), null);
        var enrich = tool.Enrich.Select(call => ResolveCall(tool, call, parameters, allowResult: true)).Where(call => call is not null).Select(call => call!).ToEquatableArray();
        var preview = tool.Preview is { } spec
            ? new PreviewModel(spec.Text.Value, spec.Lookup is null ? null : ResolveCall(tool, spec.Lookup, parameters, allowResult: false), spec.RiskSubject?.Value, spec.Warnings, spec.Disclaimer)
            : null;

        return new ToolModel(
            Name: tool.Name.Value,
            ClassName: _classNames.Take(CSharpNames.Pascal(tool.Name.Value) + "Tool"),
            Title: tool.Title,
            Summary: tool.Summary?.Value.Trim() ?? string.Empty,
            Details: tool.Details?.Trim(),
            Group: group,
            Kind: tool.Kind.Value,
            Scope: tool.Scope.Value == AnyScope ? null : tool.Scope.Value,
            Confirm: confirm,
            ReadOnlyHint: readOnly,
            DestructiveHint: DeriveDestructive(tool),
            IdempotentHint: tool.Hints?.Idempotent ?? (readOnly || httpMethod is "PUT" or "DELETE"),
            OpenWorldHint: tool.Hints?.OpenWorld ?? tool.Endpoint is not null,
            Method: httpMethod,
            Path: tool.Endpoint?.Path.Value,
            Answer: tool.Answer?.Value,
            Parameters: parameters,
            RequireOneOf: tool.RequireOneOfNames,
            Call: ownCall,
            Enrich: enrich,
            Preview: preview,
            Result: tool.Result,
            InputSchemaJson: InputSchemaBuilder.Build(parameters, tool.RequireOneOfNames, confirm),
            OutputSchemaJson: tool.OutputSchemaJson,
            ExampleJson: tool.ExampleJson);
    }

    private ClientCallModel? ResolveCall(ToolSpec tool, CallSpec call, EquatableArray<ParameterModel> parameters, bool allowResult)
    {
        if (allowResult && call.As is null)
        {
            Report(CatalogDiagnostics.MissingField, call.Span, "Enrich step '" + call.Target.Value + "'", "as");
        }

        if (!_methodsByCallName.TryGetValue(call.Target.Value, out var target))
        {
            Report(CatalogDiagnostics.UnknownCallTarget, call.Target.Span, call.Target.Value);
            return null;
        }

        foreach (var argument in call.Arguments.Where(argument => !target.Parameters.Any(parameter => parameter.Name == argument.Name)))
        {
            Report(CatalogDiagnostics.BadCallArgument, argument.Span, call.Target.Value, "it has no parameter '" + argument.Name + "'");
        }

        var arguments = new List<CallArgumentModel>();
        foreach (var parameter in target.Parameters)
        {
            var given = call.Arguments.FirstOrDefault(argument => argument.Name == parameter.Name);
            if (given is null)
            {
                if (parameter.Required)
                {
                    Report(CatalogDiagnostics.BadCallArgument, call.Span, call.Target.Value, "required parameter '" + parameter.Name + "' is not given");
                }

                arguments.Add(new CallArgumentModel(parameter.ArgumentName, parameter.Type, parameter.Required, ArgumentSource.None, string.Empty));
                continue;
            }

            arguments.Add(ResolveArgument(tool, call, parameter, given, parameters, allowResult));
        }

        return new ClientCallModel(target.MethodName, arguments.ToEquatableArray(), call.As);
    }

    private CallArgumentModel ResolveArgument(ToolSpec tool, CallSpec call, ParameterModel target, CallArgumentSpec given, EquatableArray<ParameterModel> parameters, bool allowResult)
    {
        var field = TemplateFields.WholeField(given.Template);
        if (field is null)
        {
            if (!LiteralFits(target.Type, given.Template))
            {
                Report(CatalogDiagnostics.BadCallArgument, given.Span, call.Target.Value, "'" + given.Template + "' is not a valid " + target.Type + " for '" + target.Name + "'");
            }

            return new CallArgumentModel(target.ArgumentName, target.Type, target.Required, ArgumentSource.Literal, given.Template);
        }

        if (field.StartsWith("result.", StringComparison.Ordinal))
        {
            if (!allowResult)
            {
                Report(CatalogDiagnostics.BadCallArgument, given.Span, call.Target.Value, "'{" + field + "}' is only available to enrich steps");
            }

            return new CallArgumentModel(target.ArgumentName, target.Type, target.Required, ArgumentSource.Result, field.Substring("result.".Length));
        }

        var source = parameters.FirstOrDefault(parameter => parameter.Name == field);
        if (source is null)
        {
            Report(CatalogDiagnostics.UnknownParameterReference, given.Span, field, "a call to '" + call.Target.Value + "'", tool.Name.Value);
            return new CallArgumentModel(target.ArgumentName, target.Type, target.Required, ArgumentSource.None, string.Empty);
        }

        if (source.Type != target.Type)
        {
            Report(CatalogDiagnostics.BadCallArgument, given.Span, call.Target.Value, "'" + target.Name + "' is " + target.Type + " but '" + field + "' is " + source.Type);
        }

        if (target.Required && !source.Required)
        {
            Report(CatalogDiagnostics.BadCallArgument, given.Span, call.Target.Value, "required '" + target.Name + "' would come from optional '" + field + "'");
        }

        return new CallArgumentModel(target.ArgumentName, target.Type, target.Required, ArgumentSource.Argument, source.PropertyName);
    }

    private static bool LiteralFits(string type, string literal) => type switch
    {
        "integer" => long.TryParse(literal, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _),
        "number" => double.TryParse(literal, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _),
        "boolean" => literal is "true" or "false",
        "object" => false,
        _ => true,
    };

    private static bool DeriveDestructive(ToolSpec tool) =>
        tool.Hints?.Destructive ?? (tool.Kind.Value != "read" && tool.Endpoint?.Method.Value == "DELETE");

    private void CheckBannedPath(string path, SourceSpan span)
    {
        var normalized = path.TrimEnd('/').ToLowerInvariant() + "/";
        foreach (var banned in _service.BannedPaths)
        {
            var prefix = banned.Value.TrimEnd('/').ToLowerInvariant() + "/";
            if (normalized.StartsWith(prefix, StringComparison.Ordinal))
            {
                Report(CatalogDiagnostics.BannedPath, span, path, banned.Value);
                return;
            }
        }
    }

    private void ReportDuplicates(string what, IEnumerable<(string Name, SourceSpan Span)> entries)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, span) in entries.Where(entry => !seen.Add(entry.Name)))
        {
            Report(CatalogDiagnostics.DuplicateName, span, what, name);
        }
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string Describe(SourceSpan span) => System.IO.Path.GetFileName(span.Path) + "(" + (span.StartLine + 1) + "," + (span.StartColumn + 1) + ")";

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, SourceSpan span, params string[] arguments) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, span, arguments));
}
