using AgentOps.Core.Model;

namespace AgentOps.Core.Diagnostics;

/// <summary>The result of approving, rejecting or applying a remediation: a value with a message for the user, never an exception.</summary>
/// <param name="Succeeded">Whether the request was carried out.</param>
/// <param name="Message">What happened, in one sentence.</param>
/// <param name="Remediation">The remediation after the request, when it exists.</param>
public sealed record RemediationResult(bool Succeeded, string Message, Remediation? Remediation);
