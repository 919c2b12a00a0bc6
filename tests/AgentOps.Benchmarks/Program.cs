using System.Globalization;
using AgentOps.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/AgentOps.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/AgentOps.Benchmarks -- timers 10000
if (args is ["timers", ..])
{
    await TimerMeasurement.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
