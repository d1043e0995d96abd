namespace Segnals.Testing;

/// <summary>The SEGNALS_* environment for a server pointed at a loopback backend.</summary>
public static class ServerEnvironment
{
    public static Dictionary<string, string?> For(string key, Uri apiBase, params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string?>
        {
            ["SEGNALS_API_KEY"] = key,
            ["SEGNALS_API_BASE"] = apiBase.ToString(),
        };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        return environment;
    }
}
