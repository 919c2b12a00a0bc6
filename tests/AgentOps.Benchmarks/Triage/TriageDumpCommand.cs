using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AgentOps.Benchmarks.Intake;
using AgentOps.Core.Intake;
using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Mail;
using Microsoft.Extensions.Options;

namespace AgentOps.Benchmarks.Triage;

/// <summary>
/// <c>triage-dump --data DIR --out FILE</c>: parses and classifies every raw email of DIR (<c>*.txt</c>, <c>*.eml</c>,
/// searched recursively) and writes one block per mail: a hash of each parsed field (threading headers, date and the
/// text for triage included), then the rules triage (priority, intent, confidence, reasons, impact, skills) and the
/// detected language. Two dumps taken before and after a change to the parser or the rules are compared with <c>diff</c>: identical files mean identical outputs on that corpus.
/// </summary>
internal static class TriageDumpCommand
{
    public static int Run(string[] args)
    {
        var data = Option(args, "--data");
        var output = Option(args, "--out");
        if (data is null || output is null || !Directory.Exists(data))
        {
            Console.Error.WriteLine("usage: triage-dump --data DIR --out FILE");
            return 2;
        }

        var files = Directory.EnumerateFiles(data, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".eml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        var parser = new MimeEmailParser(Options.Create(new MailOptions()));
        using var writer = new StreamWriter(output, append: false, new UTF8Encoding(false));
        foreach (var file in files)
        {
            writer.WriteLine($"== {Path.GetRelativePath(data, file)}");
            InboundEmail email;
            using (var stream = File.OpenRead(file))
            {
                try
                {
                    email = parser.Parse(stream);
                }
                catch (EmailRejectedException ex)
                {
                    writer.WriteLine($"rejected: {ex.Message}");
                    continue;
                }
            }

            writer.WriteLine($"parsed: id {Hash(email.MessageId)} from {Hash(email.FromName + "|" + email.FromAddress + "|" + string.Join(",", email.To))} subject {Hash(email.Subject)} new {Hash(email.NewText)} quoted {Hash(email.QuotedText)} signature {Hash(email.Signature)} forwarded {Hash(email.ForwardedText)} raw {Hash(email.RawText)}");
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"thread: in-reply-to {Hash(email.InReplyTo ?? "-")} references {email.References.Count} {Hash(string.Join("|", email.References))} date {email.Date?.ToString("O", CultureInfo.InvariantCulture) ?? "-"} triage-text {Hash(email.TextForTriage)}"));
            writer.WriteLine($"notes: {string.Join(" | ", email.Notes)}");
            foreach (var attachment in email.Attachments)
            {
                writer.WriteLine($"attachment: {attachment.Name} {attachment.ContentType} {attachment.Truncated} {Hash(attachment.Content)}");
            }

            var analysis = IntakeThroughputCommand.Rules.Analyze(new TriageInput(email.Subject, email.TextForTriage));
            var result = analysis.Result;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"triage: {result.Priority} {result.Intent} confidence {result.Confidence} score {analysis.Score} impact [{string.Join(",", result.Impact)}] skills [{string.Join(",", result.Skills)}]"));
            foreach (var reason in result.Reasons)
            {
                writer.WriteLine($"  reason: {reason}");
            }

            var text = email.Subject + "\n" + email.TextForTriage;
            writer.WriteLine($"language: {LanguageDetector.Detect(text) ?? "-"} / {LanguageDetector.Detect(text, 1) ?? "-"}");
        }

        Console.WriteLine($"{files.Count} emails dumped to {output}");
        return 0;
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
