using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/AgentOps.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
