using Segnals.Catalog.Generator.Parsing;
using Segnals.Catalog.Generator.Tests.Infrastructure;
using Xunit;

namespace Segnals.Catalog.Generator.Tests;

/// <summary>
/// No catalog field is parsed and then ignored. Driven by the parsers' own list of fields
/// (<see cref="CatalogFields.All"/>): for each, the catalog is generated twice, once as
/// <see cref="EveryFieldCatalog"/> writes it and once with that field's value changed, and some
/// generated artifact (client, tool, metadata, docs) must differ. A field whose every allowed value
/// means the same (auth.scheme: only bearer) must instead be refused when changed. A new field fails
/// here until it has a change below and an emitter that uses it.
/// </summary>
public sealed class FieldUsageTests
{
    private const string DisclaimerTool = "  - name: demo_disclaimer\n    title: Disclaimer\n    summary: The risk disclaimer.\n    kind: read\n    scope: any\n    answer: disclaimer\n";

    /// <summary>For each field, text to find (exactly once, in either file) and what to write instead.</summary>
    private static readonly Dictionary<string, Change> Changes = new(StringComparer.Ordinal)
    {
        ["service_file.service"] = new("  version: 0.1.0", "  version: 0.1.1"),
        ["service_file.scopes"] = new("  - { name: \"read:things\", description: Read things. }", "  - { name: \"read:things\", description: Read things. }\n  - { name: \"read:more\", description: Read more. }"),
        ["service_file.groups"] = new("  - { name: extras, title: Extras, description: More things. }", "  - { name: extras, title: Extras, description: More things. }\n  - { name: spare, title: Spare, description: Spare things. }"),
        ["service_file.texts"] = new("  - { name: terms, version: \"2\", text: Read the terms. }", "  - { name: terms, version: \"2\", text: Read the terms. }\n  - { name: faq, text: Questions. }"),
        ["service_file.risk_rules"] = new("warning: Size above 10.", "warning: Size above ten."),
        ["service_file.credential_guard"] = new("keys: [secret]", "keys: [secret, password]"),
        ["service_file.banned_paths"] = new("banned_paths: [/admin]", "banned_paths: [/admin, /wallet]"),
        ["service_file.endpoints"] = new("  - { name: status, method: GET, path: /status }", "  - { name: status, method: GET, path: /status }\n  - { name: uptime, method: GET, path: /uptime }"),
        ["service.name"] = new("  name: demo\n", "  name: demos\n"),
        ["service.title"] = new("title: Demo Service", "title: Demo API"),
        ["service.version"] = new("version: 0.1.0", "version: 0.2.0"),
        ["service.tool_prefix"] = new("tool_prefix: demo_", "tool_prefix: demo_get_"),
        ["service.api_base"] = new("api_base: https://demo.test/api", "api_base: https://demo.example/api"),
        ["service.auth"] = new("key_help: Create a key in settings.", "key_help: Ask support."),
        ["service.write_body"] = new("write_body: { client: mcp }", "write_body: { client: agent }"),
        ["auth.scheme"] = new("scheme: bearer", "scheme: basic", RefusedWith: "CAT018"),
        ["auth.key_env"] = new("key_env: DEMO_KEY", "key_env: DEMO_API_KEY"),
        ["auth.key_pattern"] = new("key_pattern: \"^k_[a-z]+$\"", "key_pattern: \"^k_[a-z0-9]+$\""),
        ["auth.key_help"] = new("key_help: Create a key in settings.", "key_help: Ask support."),
        ["scope.name"] = new("\"read:things\"", "\"read:stuff\""),
        ["scope.description"] = new("description: Read things.", "description: Read all things."),
        ["group.name"] = new("name: extras,", "name: spares,"),
        ["group.title"] = new("title: Extras", "title: Spares"),
        ["group.description"] = new("description: More things.", "description: Even more."),
        ["text.name"] = new("name: terms,", "name: rules,"),
        ["text.version"] = new("version: \"2\"", "version: \"3\""),
        ["text.text"] = new("text: Read the terms.", "text: Read the rules."),
        ["risk_rule.id"] = new("id: big", "id: huge"),
        ["risk_rule.when"] = new("when: [ { field: size, op: gt, value: 10 } ]", "when: [ { field: size, op: gt, value: 10 }, { field: mode, op: present } ]"),
        ["risk_rule.warning"] = new("warning: Size above 10.", "warning: Size above ten."),
        ["risk_condition.field"] = new("{ field: size, op", "{ field: amount, op"),
        ["risk_condition.op"] = new("op: gt, value", "op: gte, value"),
        ["risk_condition.value"] = new("value: 10 }", "value: 20 }"),
        ["credential_guard.keys"] = new("keys: [secret]", "keys: [token]"),
        ["service_endpoint.name"] = new("name: status, method", "name: state, method"),
        ["service_endpoint.method"] = new("name: status, method: GET", "name: status, method: POST"),
        ["service_endpoint.path"] = new("path: /status }", "path: /state }"),
        ["group_file.group"] = new("group: things", "group: extras"),
        ["group_file.tools"] = new(DisclaimerTool, string.Empty),
        ["tool.name"] = new("name: demo_update_thing", "name: demo_change_thing"),
        ["tool.title"] = new("title: Update thing", "title: Change thing"),
        ["tool.summary"] = new("summary: Change a thing.", "summary: Alter a thing."),
        ["tool.details"] = new("details: Changes are merged.", "details: Changes replace."),
        ["tool.kind"] = new("kind: write", "kind: control"),
        ["tool.scope"] = new("scope: \"write:things\"", "scope: \"read:things\""),
        ["tool.confirm"] = new("confirm: true", "confirm: false"),
        ["tool.hints"] = new("open_world: true }", "open_world: false }"),
        ["tool.endpoint"] = new("body: { mode: merge }", "body: { mode: replace }"),
        ["tool.answer"] = new("answer: disclaimer", "answer: capabilities"),
        ["tool.parameters"] = new("      - { name: size, type: number, required: false }\n", string.Empty),
        ["tool.require_one_of"] = new("require_one_of: [label, extra]", "require_one_of: [label, colour]"),
        ["tool.enrich"] = new("{ call: health, as: health }", "{ call: status, as: health }"),
        ["tool.preview"] = new("warnings: [Check twice.]", "warnings: [Check again.]"),
        ["tool.result"] = new("unwrap: thing", "unwrap: item"),
        ["tool.output_schema"] = new("properties: { name: { type: string } } }", "properties: { name: { type: integer } } }"),
        ["tool.example"] = new("example: { thing_id: 3, label: new }", "example: { thing_id: 4, label: new }"),
        ["hints.read_only"] = new("read_only: false", "read_only: true"),
        ["hints.destructive"] = new("destructive: false", "destructive: true"),
        ["hints.idempotent"] = new("idempotent: true", "idempotent: false"),
        ["hints.open_world"] = new("open_world: true", "open_world: false"),
        ["tool_endpoint.method"] = new("method: PUT", "method: PATCH"),
        ["tool_endpoint.path"] = new("path: \"/things/{thing_id}\", body", "path: \"/things/{thing_id}/edit\", body"),
        ["tool_endpoint.body"] = new("mode: merge", "mode: replace"),
        ["preview.text"] = new("text: Update {thing_id}", "text: Change {thing_id}"),
        ["preview.lookup"] = new(
            "      lookup: { call: demo_get_thing, args: { thing_id: \"{thing_id}\" } }\n      text: Update {thing_id} ({lookup.thing.name}).\n",
            "      text: Update {thing_id}.\n"),
        ["preview.risk_subject"] = new("risk_subject: extra", "risk_subject: label"),
        ["preview.warnings"] = new("warnings: [Check twice.]", "warnings: [Check twice., Really.]"),
        ["preview.disclaimer"] = new("      disclaimer: false\n    example", "      disclaimer: true\n    example"),
        ["result.unwrap"] = new("unwrap: thing", "unwrap: item"),
        ["result.pick"] = new("pick: [name]", "pick: [name, size]"),
        ["result.explain"] = new("explain: { values: config,", "explain: { values: settings,"),
        ["result.disclaimer"] = new(", disclaimer: false }", ", disclaimer: true }"),
        ["explain.values"] = new("values: config", "values: settings"),
        ["explain.schema"] = new("schema: schema", "schema: layout"),
        ["explain.by"] = new("by: name", "by: key"),
        ["call.call"] = new("{ call: health, as: health }", "{ call: status, as: health }"),
        ["call.args"] = new("args: { thing_id: \"{thing_id}\" }", "args: { thing_id: \"7\" }"),
        ["call.as"] = new("as: health }", "as: healthcheck }"),
        ["parameter.name"] = new("name: colour, type", "name: color, type"),
        ["parameter.type"] = new("{ name: size, type: number", "{ name: size, type: integer"),
        ["parameter.in"] = new("in: body", "in: query"),
        ["parameter.api_name"] = new("api_name: label_text", "api_name: caption"),
        ["parameter.required"] = new("{ name: size, type: number, required: false }", "{ name: size, type: number, required: true }"),
        ["parameter.description"] = new("max: 1000, description: Thing id. }", "max: 1000, description: The thing. }"),
        ["parameter.min"] = new("type: integer, min: 1, max: 1000", "type: integer, min: 2, max: 1000"),
        ["parameter.max"] = new("max: 1000,", "max: 999,"),
        ["parameter.min_length"] = new("min_length: 1, max_length: 40", "min_length: 2, max_length: 40"),
        ["parameter.max_length"] = new("max_length: 40", "max_length: 30"),
        ["parameter.pattern"] = new("pattern: \"^[a-z ]+$\"", "pattern: \"^[a-z]+$\""),
        ["parameter.enum"] = new("enum: [red, blue]", "enum: [red, green]"),
        ["parameter.default"] = new("default: red", "default: blue"),
        ["parameter.properties"] = new("          mode: { type: string, enum: [fast, slow] }\n", string.Empty),
        ["field.type"] = new("flag: { type: boolean }", "flag: { type: string }"),
        ["field.required"] = new("note: { type: string, required: false", "note: { type: string, required: true"),
        ["field.description"] = new("description: A note.", "description: A short note."),
        ["field.min"] = new("count: { type: integer, min: 0", "count: { type: integer, min: 1"),
        ["field.max"] = new("max: 9 }", "max: 8 }"),
        ["field.min_length"] = new("min_length: 1, max_length: 50", "min_length: 2, max_length: 50"),
        ["field.max_length"] = new("max_length: 50", "max_length: 60"),
        ["field.pattern"] = new("pattern: \"^[A-Z]+$\"", "pattern: \"^[A-Z0-9]+$\""),
        ["field.enum"] = new("enum: [fast, slow]", "enum: [fast, slower]"),
        ["field.properties"] = new("properties: { flag: { type: boolean } }", "properties: { flag: { type: boolean }, level: { type: integer } }"),
        ["field.items"] = new("items: { type: string }", "items: { type: integer }"),
        ["field.max_items"] = new("max_items: 3", "max_items: 4"),
    };

    public static TheoryData<string> Fields => new(CatalogFields.All);

    [Fact]
    public void Every_field_the_parsers_read_has_a_change_here_and_nothing_else_does()
    {
        Assert.Equal(CatalogFields.All.Order(StringComparer.Ordinal), Changes.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_catalog_that_writes_every_field_generates_without_diagnostics()
    {
        var run = GeneratorHarness.Run(EveryFieldCatalog.With(EveryFieldCatalog.Service, EveryFieldCatalog.Group));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileErrors);
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Changing_a_field_changes_what_the_generator_emits(string field)
    {
        Assert.True(Changes.TryGetValue(field, out var change), $"'{field}' is parsed, but nothing here changes it: add a change above, and make an emitter use the field.");
        var (service, group) = change.ApplyTo(EveryFieldCatalog.Service, EveryFieldCatalog.Group);

        var before = GeneratorHarness.Run(EveryFieldCatalog.With(EveryFieldCatalog.Service, EveryFieldCatalog.Group));
        var after = GeneratorHarness.Run(EveryFieldCatalog.With(service, group));

        if (change.RefusedWith is { } id)
        {
            Assert.Equal(id, Assert.Single(after.Diagnostics).Id);
            return;
        }

        Assert.Empty(after.Diagnostics);
        Assert.False(
            before.Sources.OrderBy(pair => pair.Key, StringComparer.Ordinal).SequenceEqual(after.Sources.OrderBy(pair => pair.Key, StringComparer.Ordinal)),
            $"Changing '{field}' changed no generated artifact: the field is parsed but no emitter uses it.");
    }

    /// <param name="RefusedWith">For a field with one meaningful value: the diagnostic another value gets.</param>
    private sealed record Change(string Find, string Replace, string? RefusedWith = null)
    {
        public (string Service, string Group) ApplyTo(string service, string group)
        {
            var found = Count(service) + Count(group);
            Assert.True(found == 1, $"'{Find}' occurs {found} times in the catalog; a change must find exactly one place.");
            return (service.Replace(Find, Replace, StringComparison.Ordinal), group.Replace(Find, Replace, StringComparison.Ordinal));
        }

        private int Count(string text)
        {
            var count = 0;
            for (var at = text.IndexOf(Find, StringComparison.Ordinal); at >= 0; at = text.IndexOf(Find, at + 1, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }
    }
}
