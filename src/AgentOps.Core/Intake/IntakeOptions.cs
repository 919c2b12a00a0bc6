using System.ComponentModel.DataAnnotations;

namespace AgentOps.Core.Intake;

/// <summary>How the intake pipeline correlates mail into incidents. Bound from the <c>Intake</c> section.</summary>
public sealed class IntakeOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Intake";

    /// <summary>How far back a burst of similar mails from one customer folds into an open incident.</summary>
    /// <value>Default 30 minutes; zero disables folding.</value>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan BurstWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Minimum word similarity (Jaccard over subject and new text, 0–1) for a mail to fold into a recent incident of the
    /// same customer domain; the subjects alone must also reach half of it.
    /// </summary>
    /// <value>Default 0.5.</value>
    [Range(0.05, 1.0)]
    public double BurstSimilarity { get; set; } = 0.5;

    /// <summary>How many earlier incidents of the sender's domain are counted for sender history (and how many recent ones are compared for bursts).</summary>
    /// <value>Default 50.</value>
    [Range(1, 10_000)]
    public int HistoryLimit { get; set; } = 50;

    /// <summary>How many times a save that lost an optimistic-concurrency race is retried on a fresh copy.</summary>
    /// <value>Default 3.</value>
    [Range(0, 20)]
    public int ConcurrencyRetries { get; set; } = 3;

    /// <summary>
    /// Whether a batch (<see cref="IntakeService.ProcessBatchAsync(IReadOnlyList{IntakeItem}, CancellationToken)"/>) classifies each email on another core while earlier
    /// emails are being stored, with the sender history predicted; the early result is used only when the real input
    /// (customer and sender history read in order) turns out identical, else the email is classified again in its turn.
    /// Never done for a classifier that calls a remote model (<see cref="Triage.ITriageClassifier.CallsRemoteModel"/>: the
    /// LLM classifier, alone or in the ensemble), so a reply, a duplicate or a wrong prediction costs no billed call.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool ClassifyAhead { get; set; } = true;

    /// <summary>Longest text stored on the timeline for one email body or attachment, in characters.</summary>
    /// <value>Default 65,536.</value>
    [Range(256, 16 * 1024 * 1024)]
    public int MaxTimelineTextChars { get; set; } = 64 * 1024;
}
