using AgentOps.Core.Communication;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.Ai;
using Microsoft.Extensions.Time.Testing;
using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Tests.Fakes;

/// <summary>The communication stack as the host wires it (real drafter and templates, real checker), over the in-memory store and a fake clock.</summary>
public sealed class CommsTestContext
{
    public CommsTestContext(CommunicationOptions? options = null, Kernel? kernel = null)
    {
        Options = options ?? new CommunicationOptions { From = "support@agence.fr", FromName = "L'équipe Support", TimeZone = "Europe/Paris", DefaultLanguage = "fr" };
        Time = new FakeTimeProvider(Seed004Incident.ReportedAt.AddMinutes(110));
        Drafter = new SemanticKernelCommunicationDrafter(kernel ?? Kernel.CreateBuilder().Build(), PromptsFolder);
        Service = new CommunicationService(Store, Drafter, new DraftChecker(), Options, Time);
    }

    public static string PromptsFolder { get; } = FindPrompts();

    public CommunicationOptions Options { get; }

    public FakeTimeProvider Time { get; }

    public CommsInMemoryIncidentStore Store { get; } = new();

    public SemanticKernelCommunicationDrafter Drafter { get; }

    public CommunicationService Service { get; }

    public async Task<Incident> AddAsync(Incident incident)
    {
        await Store.SaveAsync(incident);
        return incident;
    }

    private static string FindPrompts()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "prompts");
            if (Directory.Exists(Path.Combine(candidate, "Communication")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("prompts/Communication not found above the test binaries.");
    }
}
