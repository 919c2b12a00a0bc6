namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>A source chosen for a track, with its rank and why.</summary>
/// <param name="Source">The source.</param>
/// <param name="Score">Higher is read first: an attachment, then sources whose services or hosts the incident names, then tagged for the track, then untagged.</param>
/// <param name="Reason">Why it is read, e.g. <c>service 'payments' named in the email subject</c>.</param>
public sealed record RankedLogSource(LogSource Source, int Score, string Reason);
