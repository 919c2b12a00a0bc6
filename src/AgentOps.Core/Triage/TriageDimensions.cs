namespace AgentOps.Core.Triage;

/// <summary>What a classifier really predicts; the rest of its result is a default the ensemble does not trust.</summary>
[Flags]
public enum TriageDimensions
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The priority (P1–P4).</summary>
    Priority = 1,

    /// <summary>The intent.</summary>
    Intent = 2,
}
