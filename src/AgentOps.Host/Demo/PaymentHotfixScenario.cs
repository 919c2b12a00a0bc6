using System.Globalization;
using System.Text;

namespace AgentOps.Host.Demo;

/// <summary>
/// The inputs of seed scenario "Maintenance urgente (hotfix)": the customer's email and the payment service's log,
/// in which the payment provider starts rejecting an expired API key at 10:00 and every payment answers 500.
/// Generated fresh at each run (new Message-Id, times relative to now) so the demo can run again on the same store.
/// </summary>
public static class PaymentHotfixScenario
{
    /// <summary>The support email of the seed, as RFC 822 bytes.</summary>
    public static byte[] Email(DateTimeOffset sentAt)
    {
        var eml = $"""
            From: Jean Martin <support@client-existant.fr>
            To: urgence@agence.fr
            Subject: =?utf-8?Q?URGENT_-_Paiements_bloqu=C3=A9s_!!!?=
            Date: {sentAt.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture)}
            Message-ID: <{Guid.NewGuid():N}@client-existant.fr>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit

            Les clients ne peuvent plus payer depuis 10h ce matin !
            Message d'erreur: "Erreur 500 lors du paiement"

            C'est CRITIQUE, nous perdons des ventes !

            Jean Martin
            DSI

            """;
        return Encoding.UTF8.GetBytes(eml.ReplaceLineEndings("\r\n"));
    }

    /// <summary>Writes the payment service log: healthy until <paramref name="keyExpiredAt"/>, then 401 from the provider and 500 to customers.</summary>
    public static void WriteLog(string path, DateTimeOffset keyExpiredAt, DateTimeOffset until)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        var order = 48_000;
        for (var at = keyExpiredAt.AddMinutes(-30); at < until; at = at.AddSeconds(20))
        {
            order++;
            var stamp = at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            if (at < keyExpiredAt)
            {
                writer.WriteLine($"{stamp} INFO  [payments] POST /api/payments order={order} status=200 duration_ms={80 + (order % 40)}");
            }
            else
            {
                writer.WriteLine($"{stamp} WARN  [stripe-client] provider=stripe POST https://api.stripe.com/v1/charges -> 401 {{\"error\":{{\"code\":\"api_key_expired\",\"message\":\"Expired API Key provided: sk_live_****4f2a\"}}}}");
                writer.WriteLine($"{stamp} ERROR [payments] POST /api/payments order={order} status=500 error=\"PaymentProviderException: authentication with provider failed\"");
            }

            if (order % 9 == 0)
            {
                writer.WriteLine($"{stamp} INFO  [cache] miss key=cart:{order}");
            }
        }
    }
}
