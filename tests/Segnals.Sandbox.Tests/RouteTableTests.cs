using System.Text.RegularExpressions;
using Xunit;

namespace Segnals.Sandbox.Tests;

/// <summary>The route table is exactly the contract's endpoint table: same methods, paths and scopes, nothing extra.</summary>
public sealed partial class RouteTableTests
{
    [Fact]
    public void Routes_match_the_rest_api_contract_row_for_row()
    {
        var contract = FindContract();
        if (contract is null)
        {
            // shared/ sits beside the repository on developer machines and in CI; a bare clone has only the routes.
            Assert.Equal(31, SandboxRoutes.All.Count);
            return;
        }
        var documented = File.ReadAllLines(contract)
            .Select(line => RowPattern().Match(line))
            .Where(m => m.Success)
            .Select(m => (Method: m.Groups[1].Value, Path: m.Groups[2].Value, Scope: m.Groups[3].Value.Trim()))
            .OrderBy(r => r.Method + " " + r.Path, StringComparer.Ordinal)
            .ToList();
        var served = SandboxRoutes.All
            .Select(e => (e.Method, Path: e.Pattern, Scope: e.Scope ?? "any"))
            .OrderBy(r => r.Method + " " + r.Path, StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(documented);
        Assert.Equal(documented, served);
    }

    private static string? FindContract()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "reference", "rest-api.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    [GeneratedRegex(@"^\|\s*(GET|POST|PUT|DELETE)\s+(/\S*)\s*\|\s*([^|]+)\|")]
    private static partial Regex RowPattern();
}
