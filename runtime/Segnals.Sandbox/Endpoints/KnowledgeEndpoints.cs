using Segnals.Sandbox.Http;
using Segnals.Sandbox.Knowledge;

namespace Segnals.Sandbox.Endpoints;

/// <summary>Full-text search over the product's own documentation and help articles.</summary>
internal static class KnowledgeEndpoints
{
    public static ApiResult Search(ApiRequest request)
    {
        var q = request.Query("q") ?? "";
        if (q.Length < 2 || q.Length > 200)
        {
            throw ApiException.Validation("q", "q must be 2 to 200 characters");
        }
        var limit = request.QueryInt("limit", 1, 20, 5);
        var results = KnowledgeIndex.Search(request.Db, q, limit);
        return ApiResult.Ok(results, static (w, list) =>
        {
            w.WriteStartArray("results");
            foreach (var hit in list)
            {
                w.WriteStartObject();
                w.WriteString("title", hit.Title);
                w.WriteString("path", hit.Path);
                w.WriteString("snippet", hit.Snippet);
                w.WriteRounded("score", hit.Score, 3);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }
}
