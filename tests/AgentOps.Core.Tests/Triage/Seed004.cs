namespace AgentOps.Core.Tests.Triage;

/// <summary>The support email of seed 004 ("URGENT - Paiements bloqués !!!"), new text only.</summary>
internal static class Seed004
{
    public const string Sender = "support@client-existant.fr";

    public const string Subject = "URGENT - Paiements bloqués !!!";

    public const string Body = """
        Les clients ne peuvent plus payer depuis 10h ce matin !
        Message d'erreur: "Erreur 500 lors du paiement"

        C'est CRITIQUE, nous perdons des ventes !
        """;
}
