using System.ComponentModel.DataAnnotations;

namespace AgentOps.Host.Server;

/// <summary>The <c>serve</c> web host (section <c>Server</c>).</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Server";

    /// <summary>Where to listen. Loopback only unless configured otherwise.</summary>
    /// <value>Default <c>http://127.0.0.1:5080</c>.</value>
    [Required]
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>SHA-256 hashes (hex) of the API keys allowed to write through <c>/api/v1</c>; keys themselves are never stored.</summary>
    /// <value>Default none: writes are refused.</value>
    public List<string> ApiKeyHashes { get; set; } = [];

    /// <summary>Largest request body accepted, in bytes (the GitHub webhook has its own 25 MB cap).</summary>
    /// <value>Default 1 MiB.</value>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Whether the dashboard's pages may be read without logging in (approving a draft always needs a login).</summary>
    /// <value>Default <see langword="false"/>: every page asks for an API key first.</value>
    public bool AllowAnonymousRead { get; set; }
}
