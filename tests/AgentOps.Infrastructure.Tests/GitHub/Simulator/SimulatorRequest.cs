namespace AgentOps.Infrastructure.Tests.GitHub.Simulator;

/// <summary>One request the simulator answered: for counting calls and writes.</summary>
internal sealed record SimulatorRequest(string Method, string Path, int Status, string? Fault, string? RequestBody = null, string? ResponseBody = null)
{
    public bool IsWrite => Method is "POST" or "PATCH" or "PUT" or "DELETE";
}
