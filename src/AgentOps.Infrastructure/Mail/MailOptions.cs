using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Mail;

/// <summary>Email parsing limits and the drop folder. Bound from the <c>Mail</c> section.</summary>
public sealed class MailOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Mail";

    /// <summary>
    /// The drop folder read by <see cref="DropFolderSource"/>; a relative path is under the host's content root (the working
    /// directory of <c>agentops</c>). Several processes may share it: each file is claimed by one of them before it is read.
    /// </summary>
    /// <value>Default <c>inbox</c>; processed mail goes to <c>inbox/processed</c>, rejected mail to <c>inbox/quarantine</c>.</value>
    [Required]
    public string InboxPath { get; set; } = "inbox";

    /// <summary>Sub-folder of the inbox for processed mail (incident created or updated, or duplicate).</summary>
    /// <value>Default <c>processed</c>.</value>
    [Required]
    public string ProcessedFolder { get; set; } = "processed";

    /// <summary>Sub-folder of the inbox for rejected mail; each file gets a <c>&lt;name&gt;.reason</c> file next to it.</summary>
    /// <value>Default <c>quarantine</c>.</value>
    [Required]
    public string QuarantineFolder { get; set; } = "quarantine";

    /// <summary>
    /// Sub-folder of the inbox holding the claims: a node takes a file by renaming it into <c>&lt;ClaimFolder&gt;/&lt;NodeId&gt;/</c>
    /// (atomic on one file system), so that of several nodes sharing the inbox exactly one reads it.
    /// </summary>
    /// <value>Default <c>.claimed</c>.</value>
    [Required]
    [RegularExpression(@"^(?!\.{1,2}$)[A-Za-z0-9._-]+$", ErrorMessage = "Mail:ClaimFolder must be a plain folder name of the inbox (letters, digits, '.', '_', '-'; not . or ..).")]
    public string ClaimFolder { get; set; } = ".claimed";

    /// <summary>
    /// This process's name among the nodes sharing the drop folder (the name of its claim folder); it must be unique among
    /// live nodes. A fixed name lets a restarted node take back its own claims at once; other nodes take them back after
    /// <see cref="ClaimTimeout"/>.
    /// </summary>
    /// <value>Default none: <c>&lt;host&gt;-&lt;pid&gt;-&lt;random&gt;</c>, new for every process.</value>
    [RegularExpression(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", ErrorMessage = "Mail:NodeId must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit.")]
    public string? NodeId { get; set; }

    /// <summary>
    /// How long the claims of a silent node are kept: a node touches its lease (<c>&lt;ClaimFolder&gt;/&lt;NodeId&gt;/.lease</c>)
    /// every quarter of this while it works, and the files claimed by a node whose lease is older are taken back by the
    /// next node that scans the inbox (a crashed node loses nothing; the Message-Id check makes a mail read twice harmless).
    /// </summary>
    /// <value>Default 2 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the drop folder is scanned when watching (a file system watcher also wakes it up).</summary>
    /// <value>Default 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many drop-folder files are committed to the store in one transaction (each file is still kept or quarantined on
    /// its own, and moved only after the commit). 1 commits each file alone.
    /// </summary>
    /// <value>Default 64.</value>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 64;

    /// <summary>Largest email accepted, in bytes; larger ones are quarantined.</summary>
    /// <value>Default 128 MiB.</value>
    [Range(1024, long.MaxValue)]
    public long MaxMessageBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Most bytes of a text or log attachment kept as evidence; the rest is cut and the attachment marked truncated.</summary>
    /// <value>Default 256 KiB.</value>
    [Range(0, 64 * 1024 * 1024)]
    public int MaxAttachmentBytes { get; set; } = 256 * 1024;

    /// <summary>Most bytes of the body text read; the rest is cut.</summary>
    /// <value>Default 1 MiB.</value>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Most header fields accepted before the message is rejected as a header bomb.</summary>
    /// <value>Default 1,000.</value>
    [Range(10, 100_000)]
    public int MaxHeaderCount { get; set; } = 1000;

    /// <summary>Largest header section accepted, in bytes, before the message is rejected as a header bomb.</summary>
    /// <value>Default 256 KiB.</value>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxHeaderBytes { get; set; } = 256 * 1024;

    /// <summary>File extensions of attachments kept as text evidence, besides any <c>text/*</c> part.</summary>
    /// <value>Default <c>.txt .log .csv .json .xml .yaml .yml .out .err .trace .ini .conf .cfg .sql .md</c>.</value>
    public IList<string> TextAttachmentExtensions { get; set; } =
        [".txt", ".log", ".csv", ".json", ".xml", ".yaml", ".yml", ".out", ".err", ".trace", ".ini", ".conf", ".cfg", ".sql", ".md"];
}
