namespace AgentOps.Host.Server.Dashboard;

/// <summary>One edge of a state machine, as Stateless describes it.</summary>
/// <param name="From">Source state.</param>
/// <param name="To">Destination state.</param>
/// <param name="Trigger">Trigger name.</param>
/// <param name="Guard">Guard description, or <see langword="null"/>.</param>
public sealed record StateTransition(string From, string To, string Trigger, string? Guard);
