namespace AgentOps.Host.Server.Dashboard;

/// <summary>What the store held at one poll: the versions of the open incidents (and of the incidents pages watch).</summary>
/// <param name="Sequence">Number of the poll, from 1.</param>
/// <param name="Versions">Incident id → <see cref="Core.Model.Incident.Version"/>.</param>
/// <param name="BoardFingerprint">Digest of the open incidents and their versions: changes whenever the board would.</param>
public sealed record IncidentSnapshot(long Sequence, IReadOnlyDictionary<string, long> Versions, string BoardFingerprint);
