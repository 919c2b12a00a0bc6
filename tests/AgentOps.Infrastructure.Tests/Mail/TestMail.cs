using System.Text;

namespace AgentOps.Infrastructure.Tests.Mail;

/// <summary>Real-looking raw emails for the mail tests, built as bytes.</summary>
internal static class TestMail
{
    public const string SeedBody = "Les clients ne peuvent plus payer depuis 10h ce matin !\r\nMessage d'erreur: \"Erreur 500 lors du paiement\"\r\n\r\nC'est CRITIQUE, nous perdons des ventes !\r\n\r\nJean Martin\r\nDSI\r\n";

    /// <summary>The support email of seed 004 (UTF-8, quoted-printable).</summary>
    public static byte[] Seed(string messageId = "seed-004@client-existant.fr") => Utf8(
        $"From: Jean Martin <support@client-existant.fr>\r\nTo: urgence@agence.fr\r\nSubject: =?UTF-8?Q?URGENT_-_Paiements_bloqu=C3=A9s_!!!?=\r\n" +
        $"Date: Mon, 23 Nov 2026 10:12:00 +0100\r\nMessage-ID: <{messageId}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
        SeedBody);

    public static byte[] Simple(string messageId, string subject, string body, string from = "ops@client-existant.fr", string extraHeaders = "") => Utf8(
        $"From: Ops <{from}>\r\nTo: support@agence.fr\r\nSubject: {subject}\r\nDate: Mon, 23 Nov 2026 11:00:00 +0000\r\nMessage-ID: <{messageId}>\r\n{extraHeaders}" +
        $"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n");

    public static byte[] WithAttachment(string messageId, string fileName, string contentType, byte[] content) => Utf8(
        $"From: Ops <ops@client-existant.fr>\r\nTo: support@agence.fr\r\nSubject: Logs du paiement\r\nMessage-ID: <{messageId}>\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVoir le journal en pièce jointe.\r\n" +
        $"--b1\r\nContent-Type: {contentType}; name=\"{fileName}\"\r\nContent-Disposition: attachment; filename=\"{fileName}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
        Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks) + "\r\n--b1--\r\n");

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
