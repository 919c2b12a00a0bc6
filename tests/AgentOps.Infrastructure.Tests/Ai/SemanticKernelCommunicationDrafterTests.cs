using AgentOps.Core.Communication;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.Ai;
using AgentOps.Infrastructure.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace AgentOps.Infrastructure.Tests.Ai;

public sealed class SemanticKernelCommunicationDrafterTests
{
    private static readonly CommunicationOptions Options = new() { TimeZone = "Europe/Paris" };

    public static TheoryData<CommunicationKind, string> AllTemplates() => new()
    {
        { CommunicationKind.Acknowledgement, "fr" }, { CommunicationKind.Acknowledgement, "en" },
        { CommunicationKind.StatusUpdate, "fr" }, { CommunicationKind.StatusUpdate, "en" },
        { CommunicationKind.Resolution, "fr" }, { CommunicationKind.Resolution, "en" },
        { CommunicationKind.InternalAlert, "fr" }, { CommunicationKind.InternalAlert, "en" },
        { CommunicationKind.Acknowledgement, "de" }, { CommunicationKind.StatusUpdate, "de" }, { CommunicationKind.Resolution, "de" },
        { CommunicationKind.Acknowledgement, "es" }, { CommunicationKind.StatusUpdate, "es" }, { CommunicationKind.Resolution, "es" },
    };

    [Theory]
    [InlineData("de", "Guten Tag Jean,", "## Ursache", "SLA 4h eingehalten ✅", "Automatische Warnung 7 Tage vor Ablauf eingerichtet")]
    [InlineData("es", "Hola Jean,", "## Causa", "SLA 4h cumplido ✅", "Alerta automática añadida 7 días antes de la caducidad")]
    public async Task DraftAsync_ResolutionInGermanOrSpanish_UsesThatLanguagesTemplateAndWords(string language, string greeting, string causeHeading, string verdict, string prevention)
    {
        // Arrange
        var drafter = new SemanticKernelCommunicationDrafter(Kernel.CreateBuilder().Build(), CommsTestContext.PromptsFolder);
        var facts = new CommunicationFactsBuilder(Options).Build(Seed004Incident.Create(), CommunicationKind.Resolution, language, Seed004Incident.ReportedAt.AddHours(2));

        // Act
        var draft = await drafter.DraftAsync(facts);

        // Assert
        Assert.Equal(language, facts.Language);
        Assert.StartsWith(greeting, draft.Body, StringComparison.Ordinal);
        Assert.Contains(causeHeading, draft.Body, StringComparison.Ordinal);
        Assert.Contains(verdict, draft.Body, StringComparison.Ordinal);
        Assert.Contains(prevention, draft.Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllTemplates))]
    public async Task DraftAsync_EveryTemplateWithSeed004Facts_RendersOfflineAndPassesTheChecker(CommunicationKind kind, string language)
    {
        // Arrange
        var drafter = new SemanticKernelCommunicationDrafter(Kernel.CreateBuilder().Build(), CommsTestContext.PromptsFolder);
        var facts = new CommunicationFactsBuilder(Options).Build(Seed004Incident.Create(), kind, language, Seed004Incident.ReportedAt.AddHours(2));

        // Act
        var draft = await drafter.DraftAsync(facts);

        // Assert
        Assert.Equal("template:" + facts.FunctionName, draft.Engine);
        Assert.DoesNotContain("{{", draft.Body, StringComparison.Ordinal);
        Assert.Contains("INC-2025-0001", draft.Body, StringComparison.Ordinal);
        Assert.True(new DraftChecker().Check("subject", draft.Body, facts.Required).Passed, draft.Body);
    }

    [Fact]
    public async Task DraftAsync_ResolutionInFrench_MatchesTheSeedEmail()
    {
        // Arrange
        var drafter = new SemanticKernelCommunicationDrafter(Kernel.CreateBuilder().Build(), CommsTestContext.PromptsFolder);
        var facts = new CommunicationFactsBuilder(Options).Build(Seed004Incident.Create(), CommunicationKind.Resolution, "fr", Seed004Incident.ReportedAt.AddHours(2));

        // Act
        var draft = await drafter.DraftAsync(facts);

        // Assert
        Assert.Equal(
            """
            Bonjour Jean,

            Le problème est résolu : « Paiements bloqués » (référence INC-2025-0001).

            ## Cause
            Expiration automatique de la clé API Stripe (rotation sécurité)

            ## Actions
            1. Nouvelle clé API déployée
            2. Services redémarrés
            3. Paiement test validé

            ## Temps de résolution
            1h45 (SLA 4h respecté ✅)

            ## Prévention
            Alerte automatique ajoutée 7 jours avant expiration

            Cordialement,
            L'équipe Support

            """.ReplaceLineEndings("\n"),
            draft.Body);
    }

    [Fact]
    public async Task DraftAsync_ModelConfigured_ModelWritesFromTheSameFacts()
    {
        // Arrange
        var chat = Substitute.For<IChatCompletionService>();
        string? prompt = null;
        chat.GetChatMessageContentsAsync(Arg.Any<ChatHistory>(), Arg.Any<PromptExecutionSettings?>(), Arg.Any<Kernel?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                prompt = call.Arg<ChatHistory>()[^1].Content;
                return Task.FromResult<IReadOnlyList<ChatMessageContent>>(
                    [new ChatMessageContent(AuthorRole.Assistant, "Bonjour Jean,\n\nL'incident INC-2025-0001 est résolu : la clé API Stripe avait expiré (rotation automatique de sécurité). Temps de résolution : 1h45, SLA de 4h respecté.\n")]);
            });
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(chat);
        var drafter = new SemanticKernelCommunicationDrafter(builder.Build(), CommsTestContext.PromptsFolder, "test-model");
        var facts = new CommunicationFactsBuilder(Options).Build(Seed004Incident.Create(), CommunicationKind.Resolution, "fr", Seed004Incident.ReportedAt.AddHours(2));

        // Act
        var draft = await drafter.DraftAsync(facts);

        // Assert
        Assert.Equal("llm:test-model", draft.Engine);
        Assert.Contains("la clé API Stripe avait expiré", draft.Body, StringComparison.Ordinal);
        Assert.NotNull(prompt);
        Assert.Contains("in French", prompt, StringComparison.Ordinal);
        Assert.Contains("cause: Expiration automatique de la clé API Stripe (rotation sécurité)", prompt, StringComparison.Ordinal);
        Assert.Contains("time_to_resolve_line: 1h45 (SLA 4h respecté ✅)", prompt, StringComparison.Ordinal);
        Assert.True(new DraftChecker().Check("RE: x", draft.Body, facts.Required).Passed);
    }

    [Fact]
    public async Task DraftAsync_ModelFails_FallsBackToTheTemplate()
    {
        // Arrange
        var chat = Substitute.For<IChatCompletionService>();
        chat.GetChatMessageContentsAsync(Arg.Any<ChatHistory>(), Arg.Any<PromptExecutionSettings?>(), Arg.Any<Kernel?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new HttpRequestException("connection refused"));
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(chat);
        var drafter = new SemanticKernelCommunicationDrafter(builder.Build(), CommsTestContext.PromptsFolder, "test-model");
        var facts = new CommunicationFactsBuilder(Options).Build(Seed004Incident.Create(), CommunicationKind.Acknowledgement, "en", Seed004Incident.ReportedAt);

        // Act
        var draft = await drafter.DraftAsync(facts);

        // Assert
        Assert.Equal("template:AcknowledgementEn (model failed: HttpRequestException)", draft.Engine);
        Assert.Contains("Reference: INC-2025-0001", draft.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DraftCustomerEmail_ModelDropsTheCause_DraftIsHeld()
    {
        // Arrange
        var chat = Substitute.For<IChatCompletionService>();
        chat.GetChatMessageContentsAsync(Arg.Any<ChatHistory>(), Arg.Any<PromptExecutionSettings?>(), Arg.Any<Kernel?>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<IReadOnlyList<ChatMessageContent>>([new ChatMessageContent(AuthorRole.Assistant, "Bonjour, tout est réparé (INC-2025-0001) en 1h45. Stack: at Payments.Charge() in /src/Pay.cs:line 42")]));
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(chat);
        var ctx = new CommsTestContext(kernel: builder.Build());
        await ctx.AddAsync(Seed004Incident.Create());

        // Act
        var result = await ctx.Service.DraftCustomerEmailAsync("INC-2025-0001", CommunicationKind.Resolution, "agentops", "system");

        // Assert
        var held = result.Communications[0];
        Assert.Equal(CommunicationStatus.Held, held.Status);
        Assert.Contains("missing required fact: cause", held.StatusReason, StringComparison.Ordinal);
        Assert.Contains("stack trace", held.StatusReason, StringComparison.Ordinal);
        Assert.Empty(await ctx.Store.ListOutboxAsync());
    }

    [Fact]
    public async Task RenderAsync_VariableMissingFromFacts_ThrowsNamingIt()
    {
        // Arrange
        var drafter = new SemanticKernelCommunicationDrafter(Kernel.CreateBuilder().Build(), CommsTestContext.PromptsFolder);

        // Act
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => drafter.RenderAsync("ResolutionEn", new Dictionary<string, string> { ["title"] = "x" }));

        // Assert
        Assert.Contains("cause", error.Message, StringComparison.Ordinal);
    }
}
