using AgentOps.Core.Intake;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Core.Tests.Fakes;
using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Mail;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace AgentOps.Infrastructure.Tests.Mail;

/// <summary>A real <see cref="IntakeService"/> with the MIME parser and an in-memory store (or the one given); triage, SLA and customers are fakes (their own tests live with the classifiers).</summary>
internal sealed class IntakeHarness
{
    public IntakeHarness(MailOptions? mail = null, IntakeOptions? intake = null, FakeTimeProvider? time = null, IIncidentStore? store = null)
    {
        MailOptions = mail ?? new MailOptions();
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        Classifier = Substitute.For<ITriageClassifier>();
        Classifier.Name.Returns("rules");
        Classifier.ClassifyAsync(Arg.Any<TriageInput>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var input = call.Arg<TriageInput>();
            if (input.Body.Contains("MAKE-THE-CLASSIFIER-THROW", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("classifier exploded");
            }

            var urgent = input.Subject.Contains("URGENT", StringComparison.OrdinalIgnoreCase);
            return new TriageResult(urgent ? Priority.P1 : Priority.P3, urgent ? "bug" : "question", 0.8) { Reasons = ["test classifier"], Skills = ["support"] };
        });
        var sla = Substitute.For<ISlaPolicy>();
        sla.Compute(Arg.Any<Priority>(), Arg.Any<Customer?>(), Arg.Any<DateTimeOffset>())
            .Returns(call => new SlaDeadlines(call.Arg<DateTimeOffset>().AddHours(1), call.Arg<DateTimeOffset>().AddHours(4)));
        var customers = Substitute.For<ICustomerDirectory>();
        customers.Resolve(Arg.Any<string>(), Arg.Any<string?>()).Returns(call =>
        {
            var email = call.ArgAt<string>(0);
            return new Customer(email, email, email[(email.IndexOf('@', StringComparison.Ordinal) + 1)..]);
        });
        Parser = new MimeEmailParser(Options.Create(MailOptions));
        Service = new IntakeService(Parser, store ?? Store, Classifier, sla, customers, Time, intake ?? new IntakeOptions());
    }

    public MailOptions MailOptions { get; }

    public FakeTimeProvider Time { get; }

    public InMemoryIncidentStore Store { get; } = new();

    public ITriageClassifier Classifier { get; }

    public MimeEmailParser Parser { get; }

    public IntakeService Service { get; }

    /// <summary>A drop-folder source on this harness's intake and clock (each harness is one node: its own clock, its own <see cref="MailOptions.NodeId"/>).</summary>
    public DropFolderSource DropFolder() => new(Service, Options.Create(MailOptions), NullLogger<DropFolderSource>.Instance, Time);
}
