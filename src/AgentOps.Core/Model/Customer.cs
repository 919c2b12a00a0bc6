namespace AgentOps.Core.Model;

/// <summary>The customer an incident affects.</summary>
/// <param name="Name">Display name, e.g. <c>Jean Martin</c>.</param>
/// <param name="Email">Contact address, e.g. <c>support@client-existant.fr</c>.</param>
/// <param name="Domain">Email domain used to look up the contract (e.g. <c>client-existant.fr</c>).</param>
/// <param name="Tier">Contract tier from configuration (e.g. <c>enterprise</c>), or <c>standard</c>.</param>
/// <param name="Language">Preferred language as an ISO 639-1 code, when known.</param>
public sealed record Customer(string Name, string Email, string Domain, string Tier = "standard", string? Language = null);
