using AgentOps.Benchmarks.LogHub;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/AgentOps.Benchmarks -- loghub /work/shared/data/logs
if (args.Length > 0 && args[0] == "loghub")
{
    return LogHubEvaluation.Run(args[1..]);
}

// dotnet run -c Release --project tests/AgentOps.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
