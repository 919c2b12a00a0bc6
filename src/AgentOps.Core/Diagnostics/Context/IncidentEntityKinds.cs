namespace AgentOps.Core.Diagnostics.Context;

/// <summary>The kinds of <see cref="IncidentEntity"/>.</summary>
public static class IncidentEntityKinds
{
    /// <summary>A service or application (<c>payments-api</c>, "the checkout service").</summary>
    public const string Service = "service";

    /// <summary>A host: a host name with a number (<c>web-02</c>), a fully qualified name or an IPv4 address.</summary>
    public const string Host = "host";

    /// <summary>A well-known technical component (<c>postgres</c>, <c>redis</c>, <c>nginx</c>, <c>stripe</c>...).</summary>
    public const string Component = "component";

    /// <summary>An impact category the triage detected (<c>payments</c>, <c>security</c>...).</summary>
    public const string Impact = "impact";
}
