namespace AgentOps.Infrastructure.Chat;

/// <summary>The outcome of checking a chat request's signature. Anything but <see cref="Valid"/> is answered 401.</summary>
public enum ChatSignatureResult
{
    /// <summary>The signature matches and the request is recent.</summary>
    Valid,

    /// <summary>The signature or timestamp header is absent.</summary>
    Missing,

    /// <summary>A header is malformed or the signature does not match.</summary>
    Invalid,

    /// <summary>The signature matches but the timestamp is outside the replay window (or the exact request was already seen).</summary>
    Replayed,
}
