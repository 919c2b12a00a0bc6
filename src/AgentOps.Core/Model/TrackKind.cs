namespace AgentOps.Core.Model;

/// <summary>The layer an investigation track looks at; each kind has a diagnostic skill in <c>skills/</c>.</summary>
public enum TrackKind
{
    Monitoring,
    Database,
    Cache,
    Network,
    Application,
    Frontend,
    LoadBalancer,
    Security,
    Fix,
}
