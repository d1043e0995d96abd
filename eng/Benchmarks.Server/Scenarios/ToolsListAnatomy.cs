using System.Text;
using System.Text.Json;
using Segnals.Benchmarks.Measurement;

namespace Segnals.Benchmarks.Server.Scenarios;

/// <summary>
/// Where the bytes of the tools/list result line go: per tool field (key, quotes, colon and comma
/// included), inside inputSchema by keyword and by property, repeated description sentences, and the
/// cost of escaped characters. Bytes are UTF-8 bytes of the line exactly as the server wrote it.
/// </summary>
internal static class ToolsListAnatomy
{
    public static string Describe(string line)
    {
        var text = new StringBuilder();
        var lineBytes = Utf8(line) + 1;
        using var document = JsonDocument.Parse(line);
        var tools = document.RootElement.GetProperty("result").GetProperty("tools");
        var toolCount = tools.GetArrayLength();

        var byField = new Dictionary<string, long>(StringComparer.Ordinal);
        var schemaByKeyword = new Dictionary<string, long>(StringComparer.Ordinal);
        var schemaByProperty = new Dictionary<string, (long Bytes, int Tools)>(StringComparer.Ordinal);
        var sentences = new Dictionary<string, int>(StringComparer.Ordinal);
        var perTool = new List<(string Name, long Bytes)>();
        long toolsBytes = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var toolBytes = Utf8(tool.GetRawText());
            toolsBytes += toolBytes;
            perTool.Add((tool.GetProperty("name").GetString() ?? "?", toolBytes));
            foreach (var field in tool.EnumerateObject())
            {
                Add(byField, field.Name, Member(field));
            }

            if (tool.TryGetProperty("inputSchema", out var schema) && schema.ValueKind == JsonValueKind.Object)
            {
                foreach (var keyword in schema.EnumerateObject())
                {
                    Add(schemaByKeyword, keyword.Name, Member(keyword));
                    if (keyword.Name == "properties" && keyword.Value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var property in keyword.Value.EnumerateObject())
                        {
                            schemaByProperty.TryGetValue(property.Name, out var seen);
                            schemaByProperty[property.Name] = (seen.Bytes + Member(property), seen.Tools + 1);
                        }
                    }
                }
            }

            if (tool.TryGetProperty("description", out var description) && description.GetString() is { } prose)
            {
                foreach (var sentence in Sentences(prose).Distinct(StringComparer.Ordinal))
                {
                    sentences[sentence] = sentences.GetValueOrDefault(sentence) + 1;
                }
            }
        }

        // Structural bytes: commas between tools, braces, the JSON-RPC envelope and the newline.
        var envelope = lineBytes - toolsBytes;
        var table = new Table("part of tools/list", "bytes", "share", "per tool");
        foreach (var (name, bytes) in byField.OrderByDescending(entry => entry.Value))
        {
            table.Row(name, Table.Number(bytes, "N0"), Share(bytes, lineBytes), Table.Number((double)bytes / toolCount, "0"));
        }

        var fieldTotal = byField.Values.Sum();
        table.Row("tool braces and commas", Table.Number(toolsBytes - fieldTotal, "N0"), Share(toolsBytes - fieldTotal, lineBytes), Table.Number((double)(toolsBytes - fieldTotal) / toolCount, "0"));
        table.Row("JSON-RPC envelope + newline", Table.Number(envelope, "N0"), Share(envelope, lineBytes), "-");
        table.Row("total line", Table.Number(lineBytes, "N0"), "100 %", Table.Number((double)lineBytes / toolCount, "0"));
        text.AppendLine($"tools/list anatomy: {toolCount} tools, {lineBytes:N0} bytes (≈ {lineBytes / 4:N0} tokens at 4 bytes/token)");
        text.AppendLine(table.ToString());

        var keywords = new Table("inputSchema keyword (all tools)", "bytes", "share of line");
        foreach (var (name, bytes) in schemaByKeyword.OrderByDescending(entry => entry.Value))
        {
            keywords.Row(name, Table.Number(bytes, "N0"), Share(bytes, lineBytes));
        }

        text.AppendLine(keywords.ToString());

        var properties = new Table("inputSchema property (top 8 by bytes)", "tools", "bytes", "share of line");
        foreach (var (name, (bytes, count)) in schemaByProperty.OrderByDescending(entry => entry.Value.Bytes).Take(8))
        {
            properties.Row(name, count.ToString(System.Globalization.CultureInfo.InvariantCulture), Table.Number(bytes, "N0"), Share(bytes, lineBytes));
        }

        text.AppendLine(properties.ToString());

        var repeated = sentences.Where(entry => entry.Value >= 3).OrderByDescending(entry => entry.Value * Utf8(entry.Key)).Take(6).ToList();
        var boilerplate = new Table("description sentence repeated in ≥ 3 tools", "tools", "bytes (all copies)");
        foreach (var (sentence, count) in repeated)
        {
            boilerplate.Row(sentence.Length > 70 ? sentence[..70] + "…" : sentence, count.ToString(System.Globalization.CultureInfo.InvariantCulture), Table.Number((long)count * Utf8(sentence), "N0"));
        }

        if (repeated.Count > 0)
        {
            text.AppendLine(boilerplate.ToString());
        }

        var escapes = CountEscapes(line);
        var escapeBytes = escapes.Sum(entry => entry.Value * (6 - Utf8(entry.Key)));
        text.AppendLine($"\\uXXXX escapes in the line: {escapes.Values.Sum():N0} ({string.Join(", ", escapes.OrderByDescending(entry => entry.Value).Select(entry => $"U+{(int)entry.Key[0]:X4} ×{entry.Value}"))}), {escapeBytes:N0} bytes more than raw UTF-8");
        text.AppendLine("Largest tools: " + string.Join(", ", perTool.OrderByDescending(entry => entry.Bytes).Take(5).Select(entry => $"{entry.Name} {entry.Bytes:N0} B")));
        return text.ToString();
    }

    /// <summary>Bytes of "name":value plus its separating comma.</summary>
    private static long Member(JsonProperty property) => Utf8(JsonEncodedName(property.Name)) + 1 + Utf8(property.Value.GetRawText()) + 1;

    private static string JsonEncodedName(string name) => JsonSerializer.Serialize(name);

    private static void Add(Dictionary<string, long> totals, string key, long bytes) => totals[key] = totals.GetValueOrDefault(key) + bytes;

    private static int Utf8(string text) => Encoding.UTF8.GetByteCount(text);

    private static string Share(long part, long whole) => ((double)part / whole).ToString("P1", System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<string> Sentences(string prose) =>
        prose.Replace("\n", " ", StringComparison.Ordinal)
            .Split([". ", "! ", "? "], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(sentence => sentence.TrimEnd('.'))
            .Where(sentence => sentence.Length >= 12);

    /// <summary>Characters written as \uXXXX in the raw line, by the character they stand for.</summary>
    private static Dictionary<string, int> CountEscapes(string line)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = line.IndexOf("\\u", StringComparison.Ordinal); index >= 0 && index + 6 <= line.Length; index = line.IndexOf("\\u", index + 6, StringComparison.Ordinal))
        {
            // Skip an escaped backslash followed by 'u' ("\\u" in the text).
            var backslashes = 0;
            for (var back = index - 1; back >= 0 && line[back] == '\\'; back--)
            {
                backslashes++;
            }

            if (backslashes % 2 == 1 || !int.TryParse(line.AsSpan(index + 2, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code))
            {
                continue;
            }

            var character = ((char)code).ToString();
            counts[character] = counts.GetValueOrDefault(character) + 1;
        }

        return counts;
    }
}
