namespace AgentOps.Benchmarks.Intake;

/// <summary>Dispatches the intake benchmark commands (<c>intake-throughput</c>, <c>intake-latency</c>) from <c>Program.cs</c>.</summary>
internal static class IntakeCommands
{
    /// <summary>The command's task when <paramref name="args"/> names an intake command; otherwise <see langword="null"/>.</summary>
    public static Task<int>? Dispatch(string[] args) => args switch
    {
        ["intake-throughput", .. var rest] => IntakeThroughputCommand.RunAsync(rest),
        ["intake-latency", .. var rest] => IntakeLatencyCommand.RunAsync(rest),
        _ => null,
    };
}
