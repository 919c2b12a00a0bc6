namespace AgentOps.Host.Server.Security;

/// <summary>What an API key may do; each role includes the ones before it.</summary>
public enum ApiRole
{
    /// <summary>GET the API and run read-only commands.</summary>
    Read = 1,

    /// <summary>Also run every command (<c>POST /api/v1/commands</c>).</summary>
    Write = 2,

    /// <summary>Also the operator endpoints (<c>GET /api/v1/outbox</c>).</summary>
    Admin = 3,
}
