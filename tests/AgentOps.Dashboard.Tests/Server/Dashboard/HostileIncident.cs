using AgentOps.Core.Model;

namespace AgentOps.Dashboard.Tests.Server.Dashboard;

/// <summary>An incident with an injection string in every text a page shows.</summary>
internal static class HostileIncident
{
    public const string Payload = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>";

    public static Incident Create(DateTimeOffset now)
    {
        var incident = new Incident
        {
            Id = "INC-2026-0666",
            Title = Payload,
            Priority = Priority.P1,
            State = IncidentState.Investigating,
            CreatedAt = now.AddHours(-1),
            Customer = new Customer(Payload, Payload, Payload, Payload),
            Sla = new SlaDeadlines(now.AddMinutes(-30), now.AddHours(1)),
            Triage = new TriageResult(Priority.P1, Payload, 0.5),
            RootCause = new RootCauseAnalysis(Payload, Payload, 0.5) { ContributingCauses = [Payload] },
            PostMortem = new PostMortemReport($"# {Payload}\n\n- {Payload}\n\n| {Payload} |\n|---|\n| {Payload} |\n\n[{Payload}](https://x.example/{Payload})", Payload, now),
            GitHubIssueNumber = 7,
        };
        var track = new Track { Number = 1, Kind = TrackKind.Database, Title = Payload, Assignee = Payload, StateReason = Payload, GitHubIssueNumber = 8 };
        track.Findings.Add(new Finding("F-1-1", 1, Payload, 0.9, now) { Category = Payload, Evidence = [new Evidence(Payload, Payload, now)] });
        incident.Tracks.Add(track);
        incident.Communications.Add(new Communication { Id = Payload, Kind = CommunicationKind.StatusUpdate, Channel = Payload, To = Payload, Subject = Payload, Body = Payload, Language = Payload, CreatedAt = now });
        incident.Communications.Add(new Communication { Id = "C-2", Kind = CommunicationKind.Acknowledgement, Channel = "email", To = Payload, Subject = Payload, Body = Payload, Status = CommunicationStatus.Sent, StatusReason = Payload, CreatedAt = now });
        incident.Record(now, Payload, Payload, Payload, Payload, new Dictionary<string, string> { ["from"] = Payload, ["to"] = Payload });
        return incident;
    }

    /// <summary>Whether <paramref name="html"/> contains markup that came from <see cref="Payload"/> unencoded.</summary>
    public static void AssertInert(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"'>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#x27;&gt;&lt;svg onload=alert(3)&gt;", html, StringComparison.Ordinal);
    }
}
