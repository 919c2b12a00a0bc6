namespace AgentOps.Core.Model;

/// <summary>Where an inbound signal came from.</summary>
public enum SignalKind
{
    Email,
    ChatCommand,
    GitHubComment,
    Alert,
    Cli,
}
