using AgentOps.Core.Model;

namespace AgentOps.Core.Persistence;

/// <summary>One page of a timeline.</summary>
/// <param name="Events">The events of the page, in sequence order.</param>
/// <param name="Total">How many events the whole timeline holds.</param>
public sealed record TimelinePage(IReadOnlyList<TimelineEvent> Events, long Total);
