using AgentOps.Core.Model;

namespace AgentOps.Core.Persistence;

/// <summary>Filter for <see cref="IIncidentStore.ListAsync"/>.</summary>
public sealed record IncidentQuery
{
    /// <summary>Only incidents in one of these states; empty means any.</summary>
    public IReadOnlyList<IncidentState> States { get; init; } = [];

    /// <summary>Only incidents of one of these priorities; empty means any.</summary>
    public IReadOnlyList<Priority> Priorities { get; init; } = [];

    /// <summary>Only incidents whose title or id contains this text (case-insensitive).</summary>
    public string? Text { get; init; }

    /// <summary>Only incidents of this customer domain.</summary>
    public string? CustomerDomain { get; init; }

    /// <summary>Only incidents created at or after this time.</summary>
    public DateTimeOffset? CreatedSince { get; init; }

    /// <summary>Maximum number returned. Default 100.</summary>
    public int Limit { get; init; } = 100;

    /// <summary>How many to skip (paging).</summary>
    public int Offset { get; init; }

    /// <summary>Open incidents: not resolved, in post-mortem or closed.</summary>
    public static IncidentQuery Open { get; } = new()
    {
        States = [IncidentState.New, IncidentState.Triaged, IncidentState.Investigating, IncidentState.Mitigating],
    };
}
