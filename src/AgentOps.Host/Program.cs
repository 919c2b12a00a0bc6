using AgentOps.Host.Cli;

return await AgentOpsCli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
