using System.ComponentModel.DataAnnotations;
using AgentOps.Host.Server.Security;

namespace AgentOps.Host.Server;

/// <summary>The <c>serve</c> web host (section <c>Server</c>).</summary>
public sealed class ServerOptions : IValidatableObject
{
    public const string SectionName = "Server";

    /// <summary>Where to listen. Loopback only unless configured otherwise (see <see cref="AllowRemote"/>).</summary>
    /// <value>Default <c>http://127.0.0.1:5080</c>.</value>
    [Required]
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Whether <see cref="Urls"/> may name an address other than loopback (0.0.0.0, a LAN address, a host name).</summary>
    /// <value>Default <see langword="false"/>: <c>serve</c> refuses to start on a non-loopback address.</value>
    public bool AllowRemote { get; set; }

    /// <summary>API keys with a name and a role (<c>read</c>, <c>write</c>, <c>admin</c>), stored as SHA-256 hashes.</summary>
    /// <value>Default none.</value>
    public List<ApiKeyEntry> ApiKeys { get; set; } = [];

    /// <summary>SHA-256 hashes (hex) of API keys with the <c>write</c> role (shorthand for <see cref="ApiKeys"/> entries).</summary>
    /// <value>Default none.</value>
    public List<string> ApiKeyHashes { get; set; } = [];

    /// <summary>Whether reads (<c>GET /api/v1/...</c>) are allowed without an API key.</summary>
    /// <value>Default <see langword="false"/>: every API call needs a key.</value>
    public bool AllowAnonymousRead { get; set; }

    /// <summary>
    /// Whether <c>/metrics</c> needs an API key of the <c>read</c> role (sent as <c>Authorization: Bearer</c>, which
    /// Prometheus' <c>authorization</c> scrape setting does, or <c>X-Api-Key</c>).
    /// </summary>
    /// <value>Default <see langword="null"/>: required exactly when <see cref="AllowRemote"/> is set (open on loopback).</value>
    public bool? MetricsRequireKey { get; set; }

    /// <summary>Whether <c>/metrics</c> needs a key once <see cref="MetricsRequireKey"/>'s default is applied.</summary>
    public bool MetricsNeedKey => MetricsRequireKey ?? AllowRemote;

    /// <summary>Largest request body accepted, in bytes (the GitHub webhook has its own 25 MB cap); larger ones get 413.</summary>
    /// <value>Default 1 MiB.</value>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Requests one source address may make per <see cref="RateLimitWindow"/>; more get 429 with <c>Retry-After</c>. 0 disables.</summary>
    /// <value>Default 600.</value>
    [Range(0, int.MaxValue)]
    public int RateLimitPermits { get; set; } = 600;

    /// <summary>The window of <see cref="RateLimitPermits"/>.</summary>
    /// <value>Default one minute.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Checks each <see cref="ApiKeys"/> entry (the list items are not covered by the attributes).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < ApiKeys.Count; i++)
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(ApiKeys[i], new ValidationContext(ApiKeys[i]), results, validateAllProperties: true))
            {
                foreach (var result in results)
                {
                    yield return new ValidationResult(
                        $"{string.Join(",", result.MemberNames)} {result.ErrorMessage}",
                        [string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{nameof(ApiKeys)}:{i}")]);
                }
            }
        }

        foreach (var hash in ApiKeyHashes.Where(h => h.Trim() is not { Length: 64 } t || !t.All(Uri.IsHexDigit)))
        {
            yield return new ValidationResult($"'{(hash.Length > 8 ? hash[..8] + "…" : hash)}' must be 64 hex digits (SHA-256 of the key)", [nameof(ApiKeyHashes)]);
        }
    }
}
