using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Segnals.Sandbox.Storage;

namespace Segnals.Sandbox.Knowledge;

internal readonly record struct KnowledgeHit(string Title, string Path, string Snippet, double Score);

/// <summary>
/// SQLite FTS5 over the documents embedded in this assembly (the repository's README, ARCHITECTURE and docs/,
/// when they existed at build time, plus built-in help articles). Each markdown section is one searchable row,
/// so a hit points at the part of a document that answers. Rebuilt at start only when the documents changed.
/// </summary>
internal static partial class KnowledgeIndex
{
    private const string ResourcePrefix = "knowledge/";
    private const int MaxQueryTerms = 12;

    public static void EnsureIndexed(Db db)
    {
        var documents = LoadDocuments();
        var fingerprint = Fingerprint(documents);
        if (db.Scalar("SELECT value FROM meta WHERE key = 'knowledge_fingerprint'") as string == fingerprint)
        {
            return;
        }
        db.Execute("DELETE FROM knowledge");
        foreach (var (path, text) in documents)
        {
            foreach (var section in Sections(path, text))
            {
                db.Execute("INSERT INTO knowledge (title, path, body) VALUES ($1, $2, $3)", section.Title, section.Path, section.Body);
            }
        }
        db.Execute("INSERT INTO meta (key, value) VALUES ('knowledge_fingerprint', $1) ON CONFLICT(key) DO UPDATE SET value = $1", fingerprint);
    }

    public static List<KnowledgeHit> Search(Db db, string query, int limit)
    {
        var terms = TermPattern().Matches(query.ToLowerInvariant()).Select(m => m.Value).Distinct(StringComparer.Ordinal).Take(MaxQueryTerms).ToList();
        if (terms.Count == 0)
        {
            return [];
        }
        // All terms first (precise); when that finds nothing, any term (forgiving). The last term also matches as a prefix.
        var quoted = terms.Select((t, i) => i == terms.Count - 1 && t.Length >= 3 ? $"\"{t}\"*" : $"\"{t}\"").ToList();
        var hits = Run(db, string.Join(' ', quoted), limit);
        if (hits.Count == 0 && terms.Count > 1)
        {
            hits = Run(db, string.Join(" OR ", quoted), limit);
        }
        return hits;
    }

    private static List<KnowledgeHit> Run(Db db, string match, int limit)
    {
        var hits = new List<KnowledgeHit>();
        using var r = db.Query(
            "SELECT title, path, snippet(knowledge, 2, '', '', '…', 24), bm25(knowledge, 5.0, 0.0, 1.0) AS rank FROM knowledge WHERE knowledge MATCH $1 ORDER BY rank LIMIT $2",
            match, limit);
        while (r.Read())
        {
            hits.Add(new KnowledgeHit(r.GetString(0), r.GetString(1), Whitespace().Replace(r.GetString(2), " ").Trim(), -r.GetDouble(3)));
        }
        return hits;
    }

    private static List<(string Path, string Text)> LoadDocuments()
    {
        var assembly = typeof(KnowledgeIndex).Assembly;
        var documents = new List<(string, string)>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            documents.Add((name[ResourcePrefix.Length..], reader.ReadToEnd()));
        }
        return documents;
    }

    private static string Fingerprint(List<(string Path, string Text)> documents)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (path, text) in documents)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(path + "\n" + text + "\n\0"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static IEnumerable<(string Title, string Path, string Body)> Sections(string path, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var documentTitle = lines.Select(l => l.TrimStart()).FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal)) is { } h1
            ? Plain(h1[2..])
            : Path.GetFileNameWithoutExtension(path);
        string? heading = null;
        var body = new StringBuilder();
        var inFence = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }
            var match = inFence ? Match.Empty : HeadingPattern().Match(line);
            if (match.Success)
            {
                if (Flush() is { } section)
                {
                    yield return section;
                }
                heading = Plain(match.Groups[2].Value);
                continue;
            }
            body.Append(Plain(line)).Append('\n');
        }
        if (Flush() is { } last)
        {
            yield return last;
        }

        (string, string, string)? Flush()
        {
            var content = body.ToString().Trim();
            body.Clear();
            if (content.Length == 0)
            {
                return null;
            }
            if (heading is null || heading == documentTitle)
            {
                return (documentTitle, path, content);
            }
            return ($"{documentTitle}: {heading}", path + "#" + Anchor(heading), content);
        }
    }

    private static string Plain(string markdown)
    {
        var text = LinkPattern().Replace(markdown, "$1");
        text = text.Replace("**", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal).Replace("|", " ", StringComparison.Ordinal);
        return text.Trim();
    }

    private static string Anchor(string heading)
    {
        var anchor = new StringBuilder();
        foreach (var c in heading.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                anchor.Append(c);
            }
            else if (c == ' ')
            {
                anchor.Append('-');
            }
        }
        return anchor.ToString();
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex TermPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkPattern();
}
