using Microsoft.CodeAnalysis;

namespace Segnals.Catalog.Generator.Tests.Infrastructure;

/// <summary>
/// A valid catalog that writes every field the format has, each at a place a test can change it:
/// <see cref="FieldUsageTests"/> changes one field at a time and looks at what the generator makes of it.
/// </summary>
internal static class EveryFieldCatalog
{
    public const string Service = """
        service:
          name: demo
          title: Demo Service
          version: 0.1.0
          tool_prefix: demo_
          api_base: https://demo.test/api
          auth: { scheme: bearer, key_env: DEMO_KEY, key_pattern: "^k_[a-z]+$", key_help: Create a key in settings. }
          write_body: { client: mcp }
        scopes:
          - { name: "read:things", description: Read things. }
          - { name: "write:things", description: Change things. }
        groups:
          - { name: things, title: Things, description: All the things. }
          - { name: extras, title: Extras, description: More things. }
        texts:
          - { name: disclaimer, version: "1", text: Be careful. }
          - { name: terms, version: "2", text: Read the terms. }
        risk_rules:
          - id: big
            when: [ { field: size, op: gt, value: 10 } ]
            warning: Size above 10.
        credential_guard: { keys: [secret] }
        banned_paths: [/admin]
        endpoints:
          - { name: health, method: GET, path: /health }
          - { name: status, method: GET, path: /status }
        """;

    public const string Group = """
        group: things
        tools:
          - name: demo_update_thing
            title: Update thing
            summary: Change a thing.
            details: Changes are merged.
            kind: write
            scope: "write:things"
            confirm: true
            hints: { read_only: false, destructive: false, idempotent: true, open_world: true }
            endpoint: { method: PUT, path: "/things/{thing_id}", body: { mode: merge } }
            parameters:
              - { name: thing_id, type: integer, min: 1, max: 1000, description: Thing id. }
              - { name: label, type: string, in: body, api_name: label_text, min_length: 1, max_length: 40, pattern: "^[a-z ]+$" }
              - { name: colour, type: string, enum: [red, blue], default: red }
              - { name: size, type: number, required: false }
              - name: extra
                type: object
                properties:
                  note: { type: string, required: false, description: A note., min_length: 1, max_length: 50 }
                  code: { type: string, pattern: "^[A-Z]+$" }
                  mode: { type: string, enum: [fast, slow] }
                  count: { type: integer, min: 0, max: 9 }
                  tags: { type: array, max_items: 3, items: { type: string } }
                  inner: { type: object, properties: { flag: { type: boolean } } }
            require_one_of: [label, extra]
            preview:
              lookup: { call: demo_get_thing, args: { thing_id: "{thing_id}" } }
              text: Update {thing_id} ({lookup.thing.name}).
              risk_subject: extra
              warnings: [Check twice.]
              disclaimer: false
            example: { thing_id: 3, label: new }
          - name: demo_get_thing
            title: Get thing
            summary: One thing.
            kind: read
            scope: any
            endpoint: { method: GET, path: "/things/{thing_id}" }
            parameters:
              - { name: thing_id, type: integer, required: true, min: 1, description: Thing id. }
            enrich:
              - { call: health, as: health }
            result: { unwrap: thing, pick: [name], explain: { values: config, schema: schema, by: name }, disclaimer: false }
            output_schema: { type: object, properties: { name: { type: string } } }
          - name: demo_disclaimer
            title: Disclaimer
            summary: The risk disclaimer.
            kind: read
            scope: any
            answer: disclaimer

        """;

    public static IReadOnlyList<AdditionalText> With(string service, string group) =>
    [
        new InMemoryAdditionalText(FixtureCatalog.ServicePath, service),
        new InMemoryAdditionalText(FixtureCatalog.GroupPath, group),
    ];
}
