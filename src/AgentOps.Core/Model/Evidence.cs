namespace AgentOps.Core.Model;

/// <summary>An excerpt that backs a finding, with where and when it was seen.</summary>
/// <param name="Source">Tool and target, e.g. <c>postgres:pg_stat_statements</c> or <c>logs:/var/log/app.log:1204</c>.</param>
/// <param name="Excerpt">The observed text or value, trimmed.</param>
/// <param name="ObservedAt">Timestamp of the observation (from the log line or metric sample when it has one).</param>
public sealed record Evidence(string Source, string Excerpt, DateTimeOffset ObservedAt);
