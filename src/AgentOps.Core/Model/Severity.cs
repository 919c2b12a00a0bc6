namespace AgentOps.Core.Model;

/// <summary>Technical severity of an incident (SEV-1 = full outage, SEV-4 = cosmetic).</summary>
public enum Severity
{
    Sev1 = 1,
    Sev2 = 2,
    Sev3 = 3,
    Sev4 = 4,
}
