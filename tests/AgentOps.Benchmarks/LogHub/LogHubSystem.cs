namespace AgentOps.Benchmarks.LogHub;

/// <summary>One LogHub 2k sample: its raw lines and the ground-truth event id of each.</summary>
internal sealed record LogHubSystem(string Name, List<string> Lines, List<string> Truth);
