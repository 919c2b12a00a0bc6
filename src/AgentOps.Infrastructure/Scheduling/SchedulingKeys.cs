using Quartz;

namespace AgentOps.Infrastructure.Scheduling;

/// <summary>Quartz identities of AgentOps jobs and triggers, and the job data keys.</summary>
internal static class SchedulingKeys
{
    public const string JobGroup = "agentops";

    public const string IncidentIdData = "incidentId";

    public const string StepData = "step";

    public static readonly JobKey SlaTimerJob = new("sla-timer", JobGroup);

    public static readonly JobKey SweepJob = new("stale-incident-sweep", JobGroup);

    public static readonly JobKey MailboxPollJob = new("mailbox-poll", JobGroup);

    public static readonly JobKey GitHubSyncJob = new("github-sync", JobGroup);

    /// <summary>The trigger group of one incident's SLA timers: <c>sla:INC-2026-0001</c>.</summary>
    public static string SlaGroup(string incidentId) => $"sla:{incidentId}";

    /// <summary>The trigger of a periodic job.</summary>
    public static TriggerKey PeriodicTrigger(JobKey job) => new(job.Name, "periodic");

    /// <summary>A string value of the merged job data map, or null.</summary>
    public static string? Read(JobDataMap data, string key) =>
        data.TryGetValue(key, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}
