namespace Segnals.Mcp.Runtime.Safety;

/// <summary>The verdict on a confirmation token; only <see cref="Valid"/> lets a ✋ tool run.</summary>
public enum ConfirmationCheck
{
    /// <summary>Issued by us for this tool and these exact arguments, unexpired, and now spent.</summary>
    Valid,

    /// <summary>No token was given: the call is a preview.</summary>
    Missing,

    /// <summary>Not a token this server could have issued (wrong shape or encoding).</summary>
    Malformed,

    /// <summary>Well-formed but its signature does not cover this key, this tool and these arguments (or it was altered).</summary>
    WrongToolOrArguments,

    /// <summary>Genuine but past its lifetime: preview again.</summary>
    Expired,

    /// <summary>Genuine but already spent: each preview confirms exactly one execution.</summary>
    AlreadyUsed,
}
