using System.CommandLine;
using AgentOps.Core.Persistence;
using AgentOps.Host.Hosting;

namespace AgentOps.Host.Cli;

/// <summary>
/// The <c>agentops</c> command line. Exit codes: 0 success, 1 failure, 2 usage or configuration error.
/// User errors print a message, never a stack trace.
/// </summary>
public static class AgentOpsCli
{
    /// <summary>Parses and runs <paramref name="args"/>.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="overrides">Configuration values that win over the settings file and the environment (tests).</param>
    /// <param name="workingDirectory">Where embedded defaults resolve; default the current directory.</param>
    /// <param name="cancellationToken">Cancels the verb.</param>
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter output,
        TextWriter error,
        IEnumerable<KeyValuePair<string, string?>>? overrides = null,
        string? workingDirectory = null,
        CancellationToken cancellationToken = default)
    {
        await using var context = new CliContext(output, error, workingDirectory ?? Directory.GetCurrentDirectory(), overrides);
        var root = BuildRoot(context);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                error.WriteLine(parseError.Message);
            }

            error.WriteLine("Run 'agentops --help' (or 'agentops <command> --help') for usage.");
            return 2;
        }

        try
        {
            return await parseResult.InvokeAsync(
                new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigurationException ex)
        {
            error.WriteLine(ex.Message);
            return 2;
        }
        catch (StoreException ex)
        {
            error.WriteLine($"Store error: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("Cancelled.");
            return 1;
        }
        catch (Exception ex)
        {
            // Last resort: a bug, not a user error. One line for the user, the details in the log file.
            Serilog.Log.Logger.Error(ex, "Unexpected failure of {Arguments}", string.Join(' ', args));
            error.WriteLine($"Internal error ({ex.GetType().Name}): {ex.Message}");
            error.WriteLine("This is a bug in AgentOps; the details are in the log file (Logging:File).");
            return 1;
        }
    }

    private static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("AgentOps: automated incident triage. Turns support emails, chat commands and alerts into handled incidents.");
        root.Subcommands.Add(PmCommands.CreatePm(context));
        root.Subcommands.Add(PmCommands.CreateIncident(context));
        root.Subcommands.Add(DocsCommands.Create(context));
        root.Subcommands.Add(IntakeCommand.Create(context));
        root.Subcommands.Add(TriageCommands.Create(context));
        root.Subcommands.Add(LogsCommands.Create(context));
        root.Subcommands.Add(DrillCommand.Create(context));
        root.Subcommands.Add(SlaCommand.Create(context));
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        return root;
    }
}
