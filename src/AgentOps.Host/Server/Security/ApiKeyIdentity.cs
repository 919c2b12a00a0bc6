namespace AgentOps.Host.Server.Security;

/// <summary>Who holds a verified API key.</summary>
/// <param name="Name">The key's configured name (<c>Server:ApiKeys:N:Name</c>).</param>
/// <param name="Role">What it may do.</param>
public sealed record ApiKeyIdentity(string Name, ApiRole Role);
