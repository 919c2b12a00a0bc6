using System.Globalization;
using System.Text;

namespace AgentOps.Infrastructure.Tests.Triage;

/// <summary>Writes a small synthetic tickets CSV (with quoted multi-line bodies) to a temporary file.</summary>
internal sealed class SyntheticTickets : IDisposable
{
    private static readonly string[] HighWords = ["outage", "down", "payments failing", "data loss", "breach", "crash in production"];
    private static readonly string[] LowWords = ["question", "documentation", "how to", "feature idea", "typo", "colour of button"];

    public SyntheticTickets(int perLabel = 40)
        : this(perLabel, queueOnly: false)
    {
    }

    /// <param name="perLabel">Tickets per label.</param>
    /// <param name="queueOnly">
    /// Adds a <c>queue</c> column that alone tells the label (<c>Service Outages</c> for high, <c>Sales</c> for low), and
    /// gives both labels the same text, so that only a classifier reading the queue can tell them apart.
    /// </param>
    public SyntheticTickets(int perLabel, bool queueOnly)
    {
        Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "agentops-triage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Path = System.IO.Path.Combine(Folder, "tickets.csv");
        var builder = new StringBuilder(queueOnly ? "subject,body,queue,priority\n" : "subject,body,priority\n");
        for (var i = 0; i < perLabel; i++)
        {
            if (queueOnly)
            {
                var topic = HighWords[i % HighWords.Length] + " " + LowWords[i % LowWords.Length];
                builder.Append(CultureInfo.InvariantCulture, $"Ticket {i},\"About {topic} on page {i}.\",Service Outages,high\n");
                builder.Append(CultureInfo.InvariantCulture, $"Ticket {i},\"About {topic} on page {i}.\",Sales,low\n");
                continue;
            }

            var high = HighWords[i % HighWords.Length];
            var low = LowWords[i % LowWords.Length];
            builder.Append(CultureInfo.InvariantCulture, $"\"Ticket {i}: {high}\",\"About {high} on page {i}.\nSecond line, with a comma. Thanks \"\"team\"\"\",high\n");
            builder.Append(CultureInfo.InvariantCulture, $"\"Ticket {i}: {low}\",\"About {low} on page {i}.\nSecond line, with a comma. Thanks \"\"team\"\"\",low\n");
        }

        File.WriteAllText(Path, builder.ToString());
    }

    public string Folder { get; }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
