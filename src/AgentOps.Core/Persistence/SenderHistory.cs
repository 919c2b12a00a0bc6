namespace AgentOps.Core.Persistence;

/// <summary>What the intake needs to know about the earlier incidents of a sender's domain (see <see cref="IIncidentStore.GetSenderHistoryAsync"/>).</summary>
/// <param name="PreviousFromSender">
/// How many of the domain's incidents (at most the query's limit, most urgent first) were opened by the same sender address.
/// </param>
/// <param name="RecentOpen">The domain's open incidents created since the query's date, most urgent first, at most the limit.</param>
public sealed record SenderHistory(int PreviousFromSender, IReadOnlyList<IncidentHeader> RecentOpen);
