namespace Segnals.Mcp.Server.Tests.Infrastructure;

/// <summary>Environment settings written as "NAME=value" in theory data, split for the backends' Environment helpers.</summary>
internal static class Assignments
{
    public static (string Name, string Value)[] Parse(IEnumerable<string> assignments) =>
        assignments.Select(assignment => assignment.Split('=', 2)).Select(parts => (parts[0], parts[1])).ToArray();
}
