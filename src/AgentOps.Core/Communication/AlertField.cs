namespace AgentOps.Core.Communication;

/// <summary>One labelled fact of an alert, e.g. <c>SLA</c> → <c>4h (Deadline: 14h00)</c>.</summary>
public sealed record AlertField(string Name, string Value);
