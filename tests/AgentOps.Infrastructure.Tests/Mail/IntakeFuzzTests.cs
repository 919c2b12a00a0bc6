using System.Text;
using AgentOps.Core.Intake;

namespace AgentOps.Infrastructure.Tests.Mail;

/// <summary>Thousands of messages mutated from real-looking ones: the pipeline neither crashes nor loses one.</summary>
public sealed class IntakeFuzzTests : IDisposable
{
    private const int MessageCount = 2000;
    private static readonly string[] Charsets = ["utf-8", "iso-8859-1", "windows-1252", "macintosh", "utf-16", "iso-2022-jp", "koi8-r", "x-unknown-lie", "\"\"", "us-ascii"];
    private readonly string _inbox = Path.Combine(Path.GetTempPath(), $"agentops-fuzz-{Guid.NewGuid():N}");

    public IntakeFuzzTests() => Directory.CreateDirectory(_inbox);

    public void Dispose() => Directory.Delete(_inbox, recursive: true);

    [Fact]
    public async Task ProcessOnceAsync_ThousandsOfMutatedMessages_NoCrashAndNoLostMessage()
    {
        // Arrange
        var random = new Random(20261123);
        var seeds = Seeds();
        for (var i = 0; i < MessageCount; i++)
        {
            var seed = Encoding.UTF8.GetString(seeds[i % seeds.Length]).Replace("MSGID", $"fuzz-{i}@client", StringComparison.Ordinal);
            File.WriteAllBytes(Path.Combine(_inbox, $"{i:00000}.eml"), Mutate(Encoding.UTF8.GetBytes(seed), random));
        }

        var harness = new IntakeHarness();

        // Act
        var outcomes = await harness.DropFolder().ProcessOnceAsync(_inbox);

        // Assert
        Assert.Equal(MessageCount, outcomes.Count);
        Assert.Empty(Directory.GetFiles(_inbox));
        var processed = Directory.GetFiles(Path.Combine(_inbox, "processed"), "*.eml").Length;
        var quarantined = Directory.GetFiles(Path.Combine(_inbox, "quarantine"), "*.eml").Length;
        var reasons = Directory.GetFiles(Path.Combine(_inbox, "quarantine"), "*.reason").Length;
        Assert.Equal(MessageCount, processed + quarantined);
        Assert.Equal(quarantined, reasons);
        Assert.Equal(quarantined, outcomes.Count(o => o.Status == IntakeStatus.Quarantined));
        foreach (var outcome in outcomes.Where(o => o.IsCommitted))
        {
            Assert.NotNull(await harness.Store.FindIncidentByMessageIdAsync(outcome.MessageId!));
        }

        Assert.InRange(processed, MessageCount / 4, MessageCount);
        Assert.InRange(quarantined, 1, MessageCount);
    }

    private static byte[] Mutate(byte[] bytes, Random random)
    {
        var data = bytes.ToList();
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            switch (random.Next(7))
            {
                case 0: // byte flips
                    for (var k = random.Next(1, 20); k > 0 && data.Count > 0; k--)
                    {
                        data[random.Next(data.Count)] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case 1: // truncation
                    var keep = random.Next(data.Count + 1);
                    data.RemoveRange(keep, data.Count - keep);
                    break;
                case 2: // header duplication
                    var text = Encoding.UTF8.GetString([.. data]);
                    var lines = text.Split("\r\n").ToList();
                    var header = random.Next(Math.Max(1, Math.Min(8, lines.Count)));
                    lines.InsertRange(header, Enumerable.Repeat(lines[header], random.Next(1, 50)));
                    data = Encoding.UTF8.GetBytes(string.Join("\r\n", lines)).ToList();
                    break;
                case 3: // charset lie
                    var lied = Encoding.UTF8.GetString([.. data]).Replace("charset=utf-8", "charset=" + Charsets[random.Next(Charsets.Length)], StringComparison.Ordinal);
                    data = Encoding.UTF8.GetBytes(lied).ToList();
                    break;
                case 4: // random bytes inserted
                    var noise = new byte[random.Next(1, 64)];
                    random.NextBytes(noise);
                    data.InsertRange(random.Next(data.Count + 1), noise);
                    break;
                case 5: // line endings changed
                    data = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString([.. data]).Replace("\r\n", random.Next(2) == 0 ? "\n" : "\r", StringComparison.Ordinal)).ToList();
                    break;
                default: // a chunk deleted (boundaries, header names...)
                    if (data.Count > 10)
                    {
                        var at = random.Next(data.Count - 5);
                        data.RemoveRange(at, random.Next(1, Math.Min(200, data.Count - at)));
                    }

                    break;
            }
        }

        return [.. data];
    }

    private static byte[][] Seeds() =>
    [
        TestMail.Seed("MSGID"),
        TestMail.Simple("MSGID", "Re: panne", "Toujours bloqué.\r\n\r\nLe lun. 23 nov. 2026 à 10:30, Support <s@agence.fr> a écrit :\r\n> Réessayez ?", extraHeaders: "In-Reply-To: <m1@agence.fr>\r\n"),
        TestMail.WithAttachment("MSGID", "payment.log", "text/plain", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("10:02 ERROR Stripe: API key expired\n", 40)))),
        TestMail.Utf8("From: =?iso-8859-1?Q?Ren=E9?= <rene@autre.fr>\r\nSubject: =?utf-8?B?UsOpc29sdXRpb24=?=\r\nMessage-ID: <MSGID>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n" +
            "--alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nLe site est tomb=C3=A9 =E2=80=94 erreur 502.\r\n" +
            "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Le site est tomb&eacute;</p>\r\n--alt--\r\n"),
        TestMail.Utf8("From: it@shop.de\r\nSubject: WG: Zahlung fehlgeschlagen\r\nMessage-ID: <MSGID>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<div>Siehe unten.</div><div>---------- Weitergeleitete Nachricht ----------</div><div>Von: kunde@shop.de</div><p>Zahlung fehlgeschlagen seit 9 Uhr!</p>"),
        TestMail.Utf8("From: ana@tienda.es\r\nSubject: URGENTE: ScÃ©nario de pago\r\nMessage-ID: <MSGID>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nEl pago no funciona.\r\n\r\nSaludos,\r\nAna\r\n"),
    ];
}
