using System.ComponentModel.DataAnnotations;

namespace AgentOps.Host.Server.Security;

/// <summary>One API key in <c>Server:ApiKeys</c>: the key itself is never stored, only its SHA-256 hash.</summary>
public sealed class ApiKeyEntry
{
    /// <summary>Who holds the key (recorded as the actor of its commands and in logs).</summary>
    [Required]
    public string Name { get; set; } = string.Empty;

    /// <summary>SHA-256 of the key, 64 hex digits (<c>agentops</c> prints it: <see cref="AgentOps.Host.Server.ApiKeyVerifier.Hash"/>).</summary>
    [Required]
    [RegularExpression("^[0-9a-fA-F]{64}$", ErrorMessage = "must be 64 hex digits (SHA-256 of the key)")]
    public string Hash { get; set; } = string.Empty;

    /// <summary>What the key may do.</summary>
    /// <value>Default <see cref="ApiRole.Read"/>.</value>
    public ApiRole Role { get; set; } = ApiRole.Read;
}
