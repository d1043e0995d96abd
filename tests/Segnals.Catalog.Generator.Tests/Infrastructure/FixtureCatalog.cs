using Microsoft.CodeAnalysis;

namespace Segnals.Catalog.Generator.Tests.Infrastructure;

/// <summary>A small, valid catalog; tests replace one file to break exactly one rule.</summary>
internal static class FixtureCatalog
{
    public const string ServicePath = "/fixture/service.yaml";
    public const string GroupPath = "/fixture/tools/things.yaml";

    public const string Service = """
        service:
          name: demo
          title: Demo
          version: 0.1.0
          tool_prefix: demo_
          api_base: https://demo.test/api
          auth: { scheme: bearer, key_env: DEMO_KEY, key_pattern: "^k_[a-z]+$" }
          write_body: { client: mcp }
        scopes:
          - { name: "read:things", description: Read things. }
          - { name: "write:things", description: Change things. }
        groups:
          - { name: things, title: Things, description: All the things. }
        texts:
          - { name: disclaimer, version: "1", text: Be careful. }
        risk_rules:
          - id: big
            when: [ { field: size, op: gt, value: 10 } ]
            warning: Size above 10.
        credential_guard: { keys: [secret] }
        banned_paths: [/admin]
        endpoints:
          - { name: health, method: GET, path: /health }
        """;

    public const string Group = """
        group: things
        tools:
          - name: demo_list_things
            title: List things
            summary: List things, optionally by colour.
            kind: read
            scope: "read:things"
            endpoint: { method: GET, path: /things }
            parameters:
              - { name: colour, type: string, enum: [red, blue], description: Colour. }
              - { name: limit, type: integer, min: 1, max: 50, default: 10, description: How many. }
            example: { colour: red }
          - name: demo_update_thing
            title: Update thing
            summary: Change a thing's size.
            kind: write
            scope: "write:things"
            confirm: true
            endpoint: { method: PUT, path: "/things/{thing_id}", body: { mode: merge } }
            parameters:
              - { name: thing_id, type: integer, min: 1, description: Thing id. }
              - { name: size, type: number, min: 0, max: 100, description: New size. }
              - { name: extra, type: object, description: More settings. }
            preview:
              lookup: { call: demo_get_thing, args: { thing_id: "{thing_id}" } }
              text: Resize {thing_id} ({lookup.thing.name}) to {size}.
              risk_subject: extra
            example: { thing_id: 3, size: 12 }
          - name: demo_get_thing
            title: Get thing
            summary: One thing.
            kind: read
            scope: any
            endpoint: { method: GET, path: "/things/{thing_id}" }
            parameters:
              - { name: thing_id, type: integer, min: 1, description: Thing id. }
            enrich:
              - { call: health, as: health }
            result: { unwrap: thing }
        """;

    /// <summary>The smallest useful catalog: tools answered from the catalog itself, no API endpoint at all.</summary>
    public const string AnswersOnlyGroup = """
        group: things
        tools:
          - name: demo_capabilities
            title: Capabilities
            summary: What this key may do.
            kind: read
            scope: any
            answer: capabilities
          - name: demo_disclaimer
            title: Disclaimer
            summary: The risk disclaimer.
            kind: read
            scope: any
            answer: disclaimer
        """;

    public static IReadOnlyList<AdditionalText> With(string? service = null, string? group = null) =>
    [
        new InMemoryAdditionalText(ServicePath, service ?? Service),
        new InMemoryAdditionalText(GroupPath, group ?? Group),
    ];
}
